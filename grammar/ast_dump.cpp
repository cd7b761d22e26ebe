#include "grammar/ast_dump.hpp"

#include <algorithm>
#include <vector>

#include <boost/variant/apply_visitor.hpp>

#include "grammar/ast_spelling.hpp"

namespace proviso::grammar {
namespace {

std::string_view retention_kind_text(ast::RetentionKind kind) {
  switch (kind) {
    case ast::RetentionKind::period: return "period";
    case ast::RetentionKind::until_event: return "until";
    case ast::RetentionKind::indefinitely: return "indefinitely";
  }
  return "?";
}

class Dumper {
 public:
  explicit Dumper(std::string_view text) : text_(text) {
    line_starts_.push_back(0);
    for (std::uint32_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') line_starts_.push_back(i + 1);
    }
  }

  std::string take() { return std::move(out_); }

  void file(const ast::File& file) {
    for (const ast::Statement& statement : file.statements) {
      open("statement", statement);
      for (const ast::Annotation& annotation : statement.annotations) {
        line("annotation", annotation, annotation.name.name + " \"" + annotation.value.value + "\"");
      }
      boost::apply_visitor([&](const auto& body) { this->body(body); }, statement.body.get());
      close();
    }
  }

 private:
  // --- output helpers ------------------------------------------------------
  std::string where(const ast::Located& node) const {
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), node.span.begin);
    const auto line = static_cast<std::size_t>(it - line_starts_.begin());
    const std::uint32_t start = line_starts_[line - 1];
    const std::uint32_t stop = std::min<std::uint32_t>(node.span.begin, static_cast<std::uint32_t>(text_.size()));
    std::size_t column = 1;
    for (std::uint32_t i = start; i < stop; ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++column;
    }
    return "@" + std::to_string(line) + ":" + std::to_string(column);
  }
  void indent() { out_.append(depth_ * 2, ' '); }
  void open(std::string_view name, const ast::Located& node, std::string_view detail = {}) {
    indent();
    out_ += name;
    out_ += ' ';
    out_ += where(node);
    if (!detail.empty()) {
      out_ += ' ';
      out_ += detail;
    }
    out_ += '\n';
    ++depth_;
  }
  void close() { --depth_; }
  void line(std::string_view name, const ast::Located& node, std::string_view detail) {
    open(name, node, detail);
    close();
  }
  static std::string text_of(const ast::Path& path) {
    std::string joined;
    for (const std::string& segment : path.segments) {
      if (!joined.empty()) joined += '.';
      joined += segment;
    }
    return joined;
  }
  void path(std::string_view name, const ast::Path& p) { line(name, p, text_of(p)); }
  void identifier(std::string_view name, const ast::Identifier& id) { line(name, id, id.name); }

  // --- declarations --------------------------------------------------------
  void body(const ast::Header& header) {
    open("policy", header, text_of(header.name));
    if (header.version) line("version", *header.version, "\"" + header.version->value + "\"");
    close();
  }
  void body(const ast::Import& import) { line("import", import, "\"" + import.path.value + "\""); }
  void node(const ast::VocabularyNode& node) {
    std::string detail = text_of(node.name);
    if (node.description) detail += " \"" + node.description->value + "\"";
    open("node", node, detail);
    for (const ast::VocabularyNode& child : node.children) this->node(child);
    close();
  }
  void body(const ast::VocabularyBlock& block) {
    open("vocabulary", block, block.kind.name);
    for (const ast::VocabularyNode& node : block.nodes) this->node(node);
    close();
  }
  void body(const ast::SubjectBlock& subject) {
    open("subject", subject);
    for (const ast::AttributeDeclaration& attribute : subject.attributes) {
      std::string names;
      for (const ast::Identifier& name : attribute.names) names += (names.empty() ? "" : ", ") + name.name;
      open("attribute", attribute, names);
      boost::apply_visitor([&](const auto& type) { this->type(type); }, attribute.type.get());
      if (attribute.default_value) {
        boost::apply_visitor([&](const auto& value) { this->default_value(value); },
                             attribute.default_value->get());
      }
      close();
    }
    close();
  }
  void type(const ast::Identifier& id) { identifier("type", id); }
  void type(const ast::EnumType& type) {
    std::string values;
    for (const ast::Identifier& value : type.values) values += (values.empty() ? "" : ", ") + value.name;
    line("type", type, "one of {" + values + "}");
  }
  void type(const ast::SetType& type) { line("type", type, "set of " + type.element.name); }
  void default_value(const ast::Integer& value) { integer("default", value); }
  void default_value(const ast::Identifier& value) { identifier("default", value); }
  void default_value(const ast::SetLiteral& value) {
    std::string elements;
    for (const ast::Path& element : value.elements) elements += (elements.empty() ? "" : ", ") + text_of(element);
    line("default", value, "{" + elements + "}");
  }
  void integer(std::string_view name, const ast::Integer& value) {
    line(name, value, value.overflow ? "<out of range>" : std::to_string(value.value));
  }
  void body(const ast::FieldDeclaration& field) {
    open("field", field, text_of(field.field));
    path("data", field.data);
    close();
  }

  // --- conditions ----------------------------------------------------------
  void condition(std::string_view name, const ast::Condition& condition) {
    open(name, condition);
    for (const ast::Conjunction& conjunction : condition.alternatives) {
      const bool several = conjunction.operands.size() > 1;
      if (condition.alternatives.size() > 1 || several) open(several ? "and" : "alternative", conjunction);
      for (const ast::Negation& negation : conjunction.operands) {
        for (std::uint32_t i = 0; i < negation.negations; ++i) open("not", negation);
        boost::apply_visitor([&](const auto& test) { this->test(test); }, negation.operand.get());
        for (std::uint32_t i = 0; i < negation.negations; ++i) close();
      }
      if (condition.alternatives.size() > 1 || several) close();
    }
    close();
  }
  void test(const ast::BoolTest& t) { line("is-true", t, t.attribute.name); }
  void test(const ast::CompareTest& t) {
    line("compare", t,
         t.attribute.name + " " + std::string(spelling(t.op)) + " " +
             (t.value.overflow ? "<out of range>" : std::to_string(t.value.value)));
  }
  void test(const ast::IsTest& t) {
    line("is", t, t.attribute.name + (t.negated ? " is not " : " is ") + t.value.name);
  }
  void test(const ast::InTest& t) {
    std::string values;
    for (const ast::Identifier& value : t.values) values += (values.empty() ? "" : ", ") + value.name;
    line("in", t, t.attribute.name + " in {" + values + "}");
  }
  void test(const ast::HasTest& t) { line("has", t, t.attribute.name + " has " + text_of(t.element)); }
  void test(const ast::HasRequestTest& t) {
    line("has", t, t.attribute.name + " has this " + std::string(spelling(t.part)));
  }
  void test(const ast::x3::forward_ast<ast::Condition>& group) { condition("group", group.get()); }

  // --- rules ---------------------------------------------------------------
  void selection(std::string_view name, const ast::Selection& selection) {
    open(name, selection);
    for (const ast::Path& p : selection.included) path("include", p);
    for (const ast::Path& p : selection.excluded) path("except", p);
    close();
  }
  void conditions(const boost::optional<ast::Condition>& when, const boost::optional<ast::Condition>& unless) {
    if (when) condition("when", *when);
    if (unless) condition("unless", *unless);
  }
  void body(const ast::AccessRule& rule) {
    std::string verb(spelling(rule.verb));
    if (rule.sharing) verb += " share";
    open("rule", rule, verb);
    selection("data", rule.data);
    if (rule.recipients) selection("recipients", *rule.recipients);
    selection("purposes", rule.purposes);
    if (rule.basis) identifier("basis", *rule.basis);
    conditions(rule.when, rule.unless);
    for (const ast::ObligationUse& use : rule.obligations) {
      open("requiring", use, text_of(use.name));
      conditions(use.when, use.unless);
      close();
    }
    close();
  }
  void duration(std::string_view name, const ast::Duration& duration) {
    std::string parts;
    for (const ast::DurationPart& part : duration.parts) {
      if (!parts.empty()) parts += ' ';
      parts += (part.amount.overflow ? "<out of range>" : std::to_string(part.amount.value)) + " " +
               part.unit.name;
    }
    line(name, duration, parts);
  }
  void body(const ast::RetainRule& rule) {
    open("retain", rule);
    selection("data", rule.data);
    open("span", rule.span, retention_kind_text(rule.span.kind));
    if (rule.span.period) duration("period", *rule.span.period);
    if (rule.span.event) identifier("event", *rule.span.event);
    close();
    for (const ast::RetentionEnd& end : rule.ends) {
      line("or-until", end, (end.consent_withdrawal ? "withdrawal of " : "") + text_of(end.name));
    }
    if (rule.then_action) identifier("then", *rule.then_action);
    conditions(rule.when, rule.unless);
    close();
  }
  void body(const ast::EraseRule& rule) {
    open("erase", rule);
    selection("data", rule.data);
    duration("within", rule.within);
    identifier("after", rule.event);
    if (rule.store) identifier("in", *rule.store);
    conditions(rule.when, rule.unless);
    close();
  }

  void value(const ast::DefaultValue& v) {
    boost::apply_visitor([&](const auto& held) { this->default_value(held); }, v.get());
  }
  void body(const ast::TestBlock& test) {
    open("test", test, "\"" + test.name.value + "\"");
    open("ask", test.ask);
    path("data", test.ask.data);
    path("purpose", test.ask.purpose);
    if (test.ask.recipient) path("recipient", *test.ask.recipient);
    if (test.ask.form) identifier("form", *test.ask.form);
    for (const ast::Assignment& a : test.ask.given) {
      open("given", a, a.attribute.name);
      value(a.value);
      close();
    }
    close();
    open("expect", test.expect, spelling(test.expect.verb));
    if (test.expect.basis) identifier("basis", *test.expect.basis);
    if (test.expect.obligations) {
      if (test.expect.obligations->empty()) line("requiring", test.expect, "nothing");
      for (const ast::Path& p : *test.expect.obligations) path("requiring", p);
    }
    if (test.expect.retention) {
      open("retained", *test.expect.retention, retention_kind_text(test.expect.retention->kind));
      if (test.expect.retention->period) duration("period", *test.expect.retention->period);
      if (test.expect.retention->event) identifier("event", *test.expect.retention->event);
      close();
    }
    if (test.expect.by) line("by", *test.expect.by, "\"" + test.expect.by->value + "\"");
    close();
    close();
  }

  std::string_view text_;
  std::vector<std::uint32_t> line_starts_;
  std::string out_;
  std::size_t depth_ = 0;
};

}  // namespace

std::string dump(const ast::File& file, std::string_view text) {
  Dumper dumper(text);
  dumper.file(file);
  return dumper.take();
}

}  // namespace proviso::grammar
