// Resolving tests written in the language: `test "..." { ask ...; expect ...; }`.
// A test names its request as a service would (a field or a data leaf, a
// purpose leaf, maybe a recipient leaf) and its subject by attribute values;
// everything is checked here, so `proviso test` only runs what is valid.
#include <algorithm>
#include <set>

#include <boost/variant/get.hpp>

#include "check/context.hpp"
#include "check/durations.hpp"
#include "support/spelling.hpp"

namespace proviso::check {
namespace {

using model::VocabularyKind;

class TestResolver {
 public:
  explicit TestResolver(Context& context) : context_(context) {
    for (const model::Rule& r : context.model.rules) add_id(r.provenance.id);
    for (const model::Retention& r : context.model.retentions) add_id(r.provenance.id);
    for (const model::Erasure& r : context.model.erasures) add_id(r.provenance.id);
  }

  void run() {
    for (const loader::LoadedFile& file : context_.program.files) {
      file_ = file.id;
      for (const ast::Statement& statement : file.parsed.ast.statements) {
        if (const auto* test = boost::get<ast::TestBlock>(&statement.body.get())) resolve(statement, *test);
      }
    }
  }

 private:
  void add_id(const std::string& id) {
    if (!id.empty()) ids_.push_back(id);
  }

  // A leaf of `kind` named by `path`; a field is accepted for data.
  std::optional<model::NodeId> leaf(VocabularyKind kind, const ast::Path& path) {
    const model::Model& m = context_.model;
    if (kind == VocabularyKind::data) {
      if (const model::Field* field = m.field(joined(path))) return field->data;
    }
    const auto node = context_.resolve(kind, path, file_);
    if (!node) return std::nullopt;
    const model::Node& n = m.vocabulary(kind).node(*node);
    if (!n.is_leaf()) {
      context_.report(diag::Code::wrong_kind, Context::at(file_, path),
                      "a test asks about one " + std::string(kind_noun(kind)) + ", but " + quoted(n.path) +
                          " is a group; name one of its members, such as `" +
                          m.vocabulary(kind).node(m.vocabulary(kind).leaf_node(n.first_leaf)).path + "`");
      return std::nullopt;
    }
    return node;
  }

  bool value(const ast::Assignment& assignment, model::SubjectValues& subject) {
    const model::Model& m = context_.model;
    const auto id = m.attribute(assignment.attribute.name);
    const source::Location where = Context::at(file_, assignment.attribute);
    if (!id) {
      std::vector<std::string> names;
      for (const model::Attribute& a : m.attributes) names.push_back(a.name);
      std::string message = "unknown subject attribute " + quoted(assignment.attribute.name);
      if (const auto suggestion = support::closest_name(assignment.attribute.name, names)) {
        message += "; did you mean `" + *suggestion + "`?";
      }
      context_.report(diag::Code::unknown_name, where, std::move(message));
      return false;
    }
    context_.used_attributes[*id] = true;
    if (subject.values[*id]) {
      context_.report(diag::Code::duplicate_declaration, where,
                      "`" + assignment.attribute.name + "` is given twice in this test");
      return false;
    }
    const model::Attribute& attribute = m.attributes[*id];
    const auto mismatch = [&](std::string_view expected) {
      context_.report(diag::Code::type_mismatch, where,
                      "`" + attribute.name + "` is " + std::string(expected) + "; give it a value of that kind");
      return false;
    };
    const auto& v = assignment.value.get();
    switch (attribute.type) {
      case model::AttributeType::integer: {
        const auto* number = boost::get<ast::Integer>(&v);
        if (!number) return mismatch("a whole number");
        if (number->overflow) {
          context_.report(diag::Code::integer_out_of_range, Context::at(file_, *number), "this number is too large");
          return false;
        }
        subject.values[*id] = number->value;
        return true;
      }
      case model::AttributeType::boolean: {
        const auto* word = boost::get<ast::Identifier>(&v);
        if (!word || (word->name != "true" && word->name != "false")) return mismatch("yes/no (`true` or `false`)");
        subject.values[*id] = word->name == "true";
        return true;
      }
      case model::AttributeType::enumeration: {
        const auto* word = boost::get<ast::Identifier>(&v);
        if (!word) return mismatch("one of its values");
        const auto found = std::find(attribute.values.begin(), attribute.values.end(), word->name);
        if (found == attribute.values.end()) {
          context_.report(diag::Code::unknown_name, Context::at(file_, *word),
                          support::not_a_value(word->name, attribute.name, attribute.values));
          return false;
        }
        subject.values[*id] = static_cast<std::uint32_t>(found - attribute.values.begin());
        return true;
      }
      case model::AttributeType::set: {
        const auto* set = boost::get<ast::SetLiteral>(&v);
        if (!set) return mismatch("a set in braces, such as `{marketing}`");
        model::SubjectValues::Set nodes;
        bool ok = true;
        for (const ast::Path& element : set->elements) {
          if (const auto node = context_.resolve(attribute.element, element, file_)) {
            nodes.push_back(*node);
          } else {
            ok = false;
          }
        }
        subject.values[*id] = std::move(nodes);
        return ok;
      }
    }
    return false;
  }

  void resolve(const ast::Statement& statement, const ast::TestBlock& test) {
    const model::Model& m = context_.model;
    model::TestCase result;
    result.name = test.name.value;
    result.provenance.location = Context::at(file_, test);
    for (const ast::Annotation& annotation : statement.annotations) {
      if (annotation.name.name == "section") result.provenance.section = annotation.value.value;
      if (annotation.name.name == "id") result.provenance.id = annotation.value.value;
      if (annotation.name.name == "note") result.provenance.note = annotation.value.value;
    }
    bool ok = true;
    const auto data = leaf(VocabularyKind::data, test.ask.data);
    const auto purpose = leaf(VocabularyKind::purpose, test.ask.purpose);
    ok = data && purpose;
    if (test.ask.recipient) {
      const auto recipient = leaf(VocabularyKind::recipient, *test.ask.recipient);
      ok = ok && recipient.has_value();
      if (recipient) result.recipient = *recipient;
    }
    if (test.ask.form) {
      if (const auto form = form_named(test.ask.form->name)) {
        result.form = *form;
      } else {
        std::string message = "`" + test.ask.form->name + "` is not a form";
        if (const auto suggestion = support::closest_name(
                test.ask.form->name, {"identified", "pseudonymized", "aggregated", "anonymized"})) {
          message += "; did you mean `" + *suggestion + "`?";
        }
        context_.report(diag::Code::unknown_name, Context::at(file_, *test.ask.form), std::move(message));
        ok = false;
      }
    }
    result.subject.values.resize(m.attributes.size());
    for (const ast::Assignment& assignment : test.ask.given) ok = value(assignment, result.subject) && ok;
    for (model::AttributeId a = 0; a < m.attributes.size(); ++a) {
      if (!m.attributes[a].has_default && !result.subject.values[a]) {
        context_.report(diag::Code::missing_attribute, Context::at(file_, test.ask),
                        "this test must give `" + m.attributes[a].name +
                            "`: the policy declares no default for it (add `given " + m.attributes[a].name +
                            " = ...`)");
        ok = false;
      }
    }

    const ast::Expectation& expect = test.expect;
    result.expectation = Context::at(file_, expect);
    result.effect = expect.verb == ast::Verb::deny ? Effect::deny : Effect::allow;
    if (result.effect == Effect::deny && (expect.basis || expect.obligations || expect.retention)) {
      context_.report(diag::Code::misplaced_clause, result.expectation,
                      "a denied request has no basis, obligations or retention; expect only `deny` (and `by`)");
      ok = false;
    }
    if (expect.basis) {
      if (const auto basis = basis_named(expect.basis->name)) {
        result.basis = *basis;
      } else {
        context_.report(diag::Code::unknown_basis, Context::at(file_, *expect.basis),
                        "`" + expect.basis->name + "` is not a lawful basis");
        ok = false;
      }
    }
    if (expect.obligations) {
      std::vector<model::NodeId> leaves;
      for (const ast::Path& path : *expect.obligations) {
        const auto node = context_.resolve(VocabularyKind::obligation, path, file_);
        if (!node) {
          ok = false;
          continue;
        }
        const model::Node& n = m.obligations().node(*node);
        for (std::uint32_t l = n.first_leaf; l < n.end_leaf; ++l) leaves.push_back(m.obligations().leaf_node(l));
      }
      std::sort(leaves.begin(), leaves.end());
      leaves.erase(std::unique(leaves.begin(), leaves.end()), leaves.end());
      result.obligations = std::move(leaves);
    }
    if (expect.retention) {
      model::ExpectedRetention retention;
      const ast::RetentionSpan& span = *expect.retention;
      retention.kind = static_cast<model::RetentionKind>(span.kind);
      if (span.period) {
        if (const auto duration = resolve_duration(context_, *span.period, file_)) {
          retention.period = duration->iso;
          retention.period_text = duration->text;
        } else {
          ok = false;
        }
      }
      if (span.kind == ast::RetentionKind::until_event) retention.period = "P0D";
      if (span.event) {
        ast::Path event;
        event.span = span.event->span;
        event.segments = {span.event->name};
        if (const auto node = context_.resolve(VocabularyKind::event, event, file_)) {
          retention.event = *node;
        } else {
          ok = false;
        }
      } else if (span.kind != ast::RetentionKind::indefinitely) {
        retention.event = *m.events().find("collection");
      }
      result.retention = std::move(retention);
    }
    if (expect.by) {
      result.by = expect.by->value;
      if (std::find(ids_.begin(), ids_.end(), result.by) == ids_.end()) {
        std::string message = "no rule has the id `" + result.by + "`";
        if (const auto suggestion = support::closest_name(result.by, ids_)) message += "; did you mean `" + *suggestion + "`?";
        context_.report(diag::Code::unknown_name, Context::at(file_, *expect.by), std::move(message));
        ok = false;
      }
    }
    if (!ok) return;
    result.data = *data;
    result.purpose = *purpose;
    context_.model.tests.push_back(std::move(result));
  }

  Context& context_;
  source::FileId file_ = 0;
  std::vector<std::string> ids_;
};

}  // namespace

void resolve_tests(Context& context) { TestResolver(context).run(); }

}  // namespace proviso::check
