// Resolving rules: allow / deny / share, retention and erasure, with their
// annotations. Checks the shape a rule must have (an allow names a basis, a
// deny does not; a share names recipients) and resolves every name in it.
#include <unordered_map>

#include <boost/variant/apply_visitor.hpp>
#include <boost/variant/get.hpp>

#include "check/context.hpp"
#include "check/durations.hpp"
#include "support/spelling.hpp"

namespace proviso::check {
namespace {

using model::VocabularyKind;

const std::vector<std::string> annotation_names = {"section", "id", "note"};

class RuleResolver {
 public:
  explicit RuleResolver(Context& context) : context_(context) {}

  void run() {
    for (const loader::LoadedFile& file : context_.program.files) {
      file_ = file.id;
      for (const ast::Statement& statement : file.parsed.ast.statements) {
        const ast::StatementBody::variant_type& body = statement.body.get();
        if (const auto* rule = boost::get<ast::AccessRule>(&body)) {
          access(statement, *rule);
        } else if (const auto* retain = boost::get<ast::RetainRule>(&body)) {
          retention(statement, *retain);
        } else if (const auto* erase = boost::get<ast::EraseRule>(&body)) {
          erasure(statement, *erase);
        } else {
          provenance(statement);  // validates annotations on declarations too
        }
      }
    }
  }

 private:
  model::Provenance provenance(const ast::Statement& statement) {
    model::Provenance result;
    // The rule itself, from its keyword: what a decision points at.
    result.location = boost::apply_visitor([&](const auto& body) { return Context::at(file_, body); },
                                           statement.body.get());
    std::vector<std::string> seen;
    for (const ast::Annotation& annotation : statement.annotations) {
      const std::string& name = annotation.name.name;
      const source::Location where = Context::at(file_, annotation);
      if (std::find(annotation_names.begin(), annotation_names.end(), name) == annotation_names.end()) {
        std::string message = "unknown annotation `@" + name + "`; annotations are `@section`, `@id` and `@note`";
        if (const auto suggestion = support::closest_name(name, annotation_names)) {
          message += "; did you mean `@" + *suggestion + "`?";
        }
        context_.report(diag::Code::unknown_annotation, where, std::move(message));
        continue;
      }
      if (std::find(seen.begin(), seen.end(), name) != seen.end()) {
        context_.report(diag::Code::duplicate_annotation, where,
                        "`@" + name + "` is given twice for the same statement");
        continue;
      }
      seen.push_back(name);
      if (name == "section") result.section = annotation.value.value;
      if (name == "note") result.note = annotation.value.value;
      if (name == "id") {
        result.id = annotation.value.value;
        if (result.id.empty()) {
          context_.report(diag::Code::bad_annotation, where, "an `@id` cannot be empty");
          continue;
        }
        const auto [previous, inserted] = ids_.emplace(result.id, where);
        if (!inserted) {
          diag::Diagnostic& d = context_.report(diag::Code::duplicate_id, where,
                                                "the id `" + result.id + "` is used twice");
          d.notes.push_back({previous->second, "first used here"});
        }
      }
    }
    return result;
  }

  void require_section(const model::Provenance& provenance, const ast::Located& keyword) {
    if (provenance.section.empty()) {
      context_.report(diag::Code::missing_section, Context::at(file_, keyword),
                      "this rule has no `@section(\"...\")` tying it to the legal text");
    }
  }

  void misplaced(const ast::Located& node, std::string message) {
    context_.report(diag::Code::misplaced_clause, Context::at(file_, node), std::move(message));
    ok_ = false;
  }

  void access(const ast::Statement& statement, const ast::AccessRule& rule) {
    ok_ = true;
    model::Rule result;
    result.provenance = provenance(statement);
    const std::string verb = rule.verb == ast::Verb::allow ? "allow" : rule.verb == ast::Verb::deny ? "deny" : "share";
    result.effect = rule.verb == ast::Verb::deny ? Effect::deny : Effect::allow;
    result.sharing = rule.verb == ast::Verb::share || rule.sharing;

    if (rule.sharing && rule.verb != ast::Verb::deny) {
      misplaced(rule, "`" + verb + " share` is not a rule; to allow sharing write `share ... with ... for ...`");
    }
    if (rule.verb == ast::Verb::allow && !rule.sharing && rule.recipients) {
      misplaced(*rule.recipients,
                "an `allow` rule is about processing and names no recipients; to allow sharing, "
                "write `share ... with ... for ...`");
    }
    if (rule.verb == ast::Verb::deny && !rule.sharing && rule.recipients) {
      misplaced(*rule.recipients, "to deny sharing with these recipients, write `deny share ... with ...`");
    }
    if (result.sharing && !rule.recipients) {
      context_.report(diag::Code::missing_recipients, Context::at(file_, rule.data),
                      "a `" + std::string(rule.verb == ast::Verb::deny ? "deny share" : "share") +
                          "` rule names its recipients: add `with ...` after the data");
      ok_ = false;
    }
    if (result.effect == Effect::allow) {
      if (!rule.basis) {
        context_.report(diag::Code::missing_basis, Context::at(file_, rule.purposes),
                        "every `" + verb + "` needs a lawful basis: add `under consent`, `under "
                        "contract`, `under legal_obligation`, `under vital_interest`, `under "
                        "public_task` or `under legitimate_interest` after the purposes");
        ok_ = false;
      } else if (const auto basis = basis_named(rule.basis->name)) {
        result.basis = *basis;
      } else {
        std::vector<std::string> names;
        for (const Basis b : all_bases) names.emplace_back(name_of(b));
        std::string message = "`" + rule.basis->name + "` is not a lawful basis";
        if (const auto suggestion = support::closest_name(rule.basis->name, names)) {
          message += "; did you mean `" + *suggestion + "`?";
        } else {
          message += "; the bases are `consent`, `contract`, `legal_obligation`, `vital_interest`, "
                     "`public_task` and `legitimate_interest`";
        }
        context_.report(diag::Code::unknown_basis, Context::at(file_, *rule.basis), std::move(message));
        ok_ = false;
      }
    } else {
      if (rule.basis) misplaced(*rule.basis, "a `deny` rule has no lawful basis; remove `under " + rule.basis->name + "`");
      if (!rule.obligations.empty()) {
        misplaced(rule.obligations.front(), "a `deny` rule carries no obligations; remove `requiring ...`");
      }
    }

    const auto data = context_.resolve(VocabularyKind::data, rule.data, file_);
    const auto purposes = context_.resolve(VocabularyKind::purpose, rule.purposes, file_);
    std::optional<model::Selection> recipients = model::Selection{};
    if (rule.recipients && result.sharing) {
      recipients = context_.resolve(VocabularyKind::recipient, *rule.recipients, file_);
    }
    const ConditionScope scope{true, result.sharing};
    const auto guard = context_.resolve_guard(rule.when, rule.unless, file_, scope);
    for (const ast::ObligationUse& use : rule.obligations) {
      const auto obligation = context_.resolve(VocabularyKind::obligation, use.name, file_);
      const auto obligation_guard = context_.resolve_guard(use.when, use.unless, file_, scope);
      if (!obligation || !obligation_guard) {
        ok_ = false;
        continue;
      }
      const model::Vocabulary& obligations = context_.model.obligations();
      // An obligation node stands for every obligation below it.
      for (std::uint32_t leaf = obligations.node(*obligation).first_leaf;
           leaf < obligations.node(*obligation).end_leaf; ++leaf) {
        result.obligations.push_back({obligations.leaf_node(leaf), *obligation_guard, Context::at(file_, use)});
      }
    }
    require_section(result.provenance, rule);
    if (!ok_ || !data || !purposes || !recipients || !guard) return;
    result.data = *data;
    result.purposes = *purposes;
    result.recipients = *recipients;
    result.guard = std::move(*guard);
    result.index = static_cast<model::RuleIndex>(context_.model.rules.size());
    context_.model.rules.push_back(std::move(result));
  }

  std::optional<model::NodeId> event(const ast::Identifier& name) {
    ast::Path path;
    path.span = name.span;
    path.segments = {name.name};
    return context_.resolve(VocabularyKind::event, path, file_);
  }

  void retention(const ast::Statement& statement, const ast::RetainRule& rule) {
    model::Retention result;
    result.provenance = provenance(statement);
    bool ok = true;
    const auto data = context_.resolve(VocabularyKind::data, rule.data, file_);
    switch (rule.span.kind) {
      case ast::RetentionKind::period: {
        result.kind = model::RetentionKind::period;
        const auto duration = resolve_duration(context_, *rule.span.period, file_);
        if (duration) {
          result.period = duration->iso;
          result.period_text = duration->text;
        }
        ok = ok && duration.has_value();
        break;
      }
      case ast::RetentionKind::until_event:
        result.kind = model::RetentionKind::until_event;
        result.period = "P0D";
        result.period_text = "until the event";
        break;
      case ast::RetentionKind::indefinitely:
        result.kind = model::RetentionKind::indefinitely;
        result.period_text = "indefinitely";
        break;
    }
    if (rule.span.event) {
      const auto node = event(*rule.span.event);
      ok = ok && node.has_value();
      if (node) result.event = *node;
    } else {
      result.event = *context_.model.events().find("collection");
      context_.use(VocabularyKind::event, result.event);
    }
    for (const ast::RetentionEnd& end : rule.ends) {
      const auto node = context_.resolve(end.consent_withdrawal ? VocabularyKind::consent : VocabularyKind::event,
                                         end.name, file_);
      ok = ok && node.has_value();
      if (node) result.ends.push_back({end.consent_withdrawal, *node});
    }
    if (rule.then_action) {
      static const std::vector<std::string> actions = {"delete", "anonymize", "aggregate", "pseudonymize"};
      const auto found = std::find(actions.begin(), actions.end(), rule.then_action->name);
      if (found == actions.end()) {
        std::string message = "`" + rule.then_action->name +
                              "` is not what can happen at the end of a retention; write `delete`, "
                              "`anonymize`, `aggregate` or `pseudonymize`";
        if (const auto suggestion = support::closest_name(rule.then_action->name, actions)) {
          message += "; did you mean `" + *suggestion + "`?";
        }
        context_.report(diag::Code::unknown_name, Context::at(file_, *rule.then_action), std::move(message));
        ok = false;
      } else {
        result.then = static_cast<model::EndAction>(found - actions.begin());
      }
    }
    if (rule.span.kind == ast::RetentionKind::indefinitely && !rule.ends.empty()) {
      // `indefinitely or until X` is meaningful: kept until X happens. Nothing to check.
    }
    const auto guard = context_.resolve_guard(rule.when, rule.unless, file_, ConditionScope{false, false});
    require_section(result.provenance, rule);
    if (!ok || !data || !guard) return;
    result.data = *data;
    result.guard = std::move(*guard);
    result.index = static_cast<std::uint32_t>(context_.model.retentions.size());
    context_.model.retentions.push_back(std::move(result));
  }

  void erasure(const ast::Statement& statement, const ast::EraseRule& rule) {
    model::Erasure result;
    result.provenance = provenance(statement);
    const auto data = context_.resolve(VocabularyKind::data, rule.data, file_);
    const auto duration = resolve_duration(context_, rule.within, file_);
    const auto node = event(rule.event);
    const auto guard = context_.resolve_guard(rule.when, rule.unless, file_, ConditionScope{false, false});
    require_section(result.provenance, rule);
    if (!data || !duration || !node || !guard) return;
    result.data = *data;
    result.within = duration->iso;
    result.within_text = duration->text;
    result.event = *node;
    result.store = rule.store ? rule.store->name : std::string();
    result.guard = std::move(*guard);
    result.index = static_cast<std::uint32_t>(context_.model.erasures.size());
    context_.model.erasures.push_back(std::move(result));
  }

  Context& context_;
  source::FileId file_ = 0;
  bool ok_ = true;
  std::unordered_map<std::string, source::Location> ids_;
};

}  // namespace

void resolve_rules(Context& context) { RuleResolver(context).run(); }

}  // namespace proviso::check
