#include "tests/analysis/analysis_support.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace proviso::testing {

// ---- sizes -----------------------------------------------------------------

namespace {

bool under_sanitizers() {
#if defined(__SANITIZE_ADDRESS__)
  return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return true;
#else
  return false;
#endif
#else
  return false;
#endif
}

}  // namespace

double analysis_scale() {
  if (const char* text = std::getenv("PROVISO_ANALYSIS_SCALE")) {
    const double value = std::strtod(text, nullptr);
    if (value > 0) return value;
  }
  return under_sanitizers() ? 0.1 : 1.0;
}

std::uint64_t scaled(std::uint64_t count, std::uint64_t minimum) {
  const auto value = static_cast<std::uint64_t>(static_cast<double>(count) * analysis_scale());
  return std::max(value, minimum);
}

// ---- outcomes --------------------------------------------------------------

analysis::Outcome outcome_of(const Decision& decision) {
  analysis::Outcome outcome;
  outcome.effect = decision.effect();
  if (!decision.allowed()) return outcome;
  outcome.basis = decision.basis();
  for (const std::string_view name : decision.obligations()) outcome.obligations.emplace_back(name);
  std::sort(outcome.obligations.begin(), outcome.obligations.end());
  if (const RetentionInfo* r = decision.retention()) {
    // As analysis::Outcome words it (outcomes.cpp, retention_text).
    std::string text = r->indefinite ? "indefinitely" : r->period;
    text += " from " + r->from;
    for (const std::string& end : r->until) text += ", ending on " + end;
    if (r->then != "delete") text += ", then " + r->then;
    outcome.retention = std::move(text);
  }
  return outcome;
}

// ---- requests by names -----------------------------------------------------

std::vector<std::string> leaves_under(const model::Vocabulary& vocabulary, const std::string& path) {
  std::vector<std::string> leaves;
  const auto node = vocabulary.find(path);
  if (!node) return leaves;
  const model::Node& n = vocabulary.node(*node);
  for (std::uint32_t leaf = n.first_leaf; leaf < n.end_leaf; ++leaf) {
    leaves.push_back(vocabulary.node(vocabulary.leaf_node(leaf)).path);
  }
  return leaves;
}

PlainRequest plain_request(const model::Model& model, const eval::ReferenceRequest& request) {
  PlainRequest plain;
  plain.data = model.data().node(request.data).path;
  plain.purpose = model.purposes().node(request.purpose).path;
  if (request.recipient != model::no_node) plain.recipient = model.recipients().node(request.recipient).path;
  plain.subject.form = request.form;
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    const auto& given = a < request.subject.values.size() ? request.subject.values[a] : std::nullopt;
    switch (attribute.type) {
      case model::AttributeType::boolean:
        plain.subject.flags[attribute.name] = given ? std::get<bool>(*given) : attribute.default_boolean;
        break;
      case model::AttributeType::integer:
        plain.subject.integers[attribute.name] = given ? std::get<std::int64_t>(*given) : attribute.default_integer;
        break;
      case model::AttributeType::enumeration:
        plain.subject.values[attribute.name] =
            attribute.values[given ? std::get<std::uint32_t>(*given) : attribute.default_value];
        break;
      case model::AttributeType::set: {
        const auto& set = given ? std::get<model::SubjectValues::Set>(*given) : attribute.default_set;
        const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
        std::set<std::string>& leaves = plain.subject.sets[attribute.name];
        for (const model::NodeId node : set) {
          for (const std::string& leaf : leaves_under(vocabulary, vocabulary.node(node).path)) leaves.insert(leaf);
        }
        break;
      }
    }
  }
  return plain;
}

BoundRequest bind_request(const Policy& policy, const PlainRequest& request) {
  const model::Model& model = model_of(policy);
  BoundRequest bound;
  const auto need = [](auto result, const std::string& what) {
    if (!result) throw std::runtime_error("cannot rebuild the request: " + what + ": " + result.error().message);
    return result.value();
  };
  bound.compiled.data = need(policy.data(request.data), request.data);
  bound.compiled.purpose = need(policy.purpose(request.purpose), request.purpose);
  if (!request.recipient.empty()) bound.compiled.recipient = need(policy.recipient(request.recipient), request.recipient);
  bound.compiled.form = request.subject.form;

  const auto node = [](const model::Vocabulary& vocabulary, const std::string& path) {
    const auto found = vocabulary.find(path);
    if (!found) throw std::runtime_error("cannot rebuild the request: unknown name " + path);
    return *found;
  };
  bound.reference.data = node(model.data(), request.data);
  bound.reference.purpose = node(model.purposes(), request.purpose);
  if (!request.recipient.empty()) bound.reference.recipient = node(model.recipients(), request.recipient);
  bound.reference.form = request.subject.form;
  bound.reference.subject.values.resize(model.attributes.size());

  SubjectBuilder builder = policy.subject();
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    auto& slot = bound.reference.subject.values[a];
    switch (attribute.type) {
      case model::AttributeType::boolean: {
        const auto found = request.subject.flags.find(attribute.name);
        if (found == request.subject.flags.end()) break;
        builder.flag(attribute.name, found->second);
        slot = found->second;
        break;
      }
      case model::AttributeType::integer: {
        const auto found = request.subject.integers.find(attribute.name);
        if (found == request.subject.integers.end()) break;
        builder.integer(attribute.name, found->second);
        slot = found->second;
        break;
      }
      case model::AttributeType::enumeration: {
        const auto found = request.subject.values.find(attribute.name);
        if (found == request.subject.values.end()) break;
        const auto index = std::find(attribute.values.begin(), attribute.values.end(), found->second);
        if (index == attribute.values.end()) throw std::runtime_error("unknown value " + found->second);
        builder.value(attribute.name, found->second);
        slot = static_cast<std::uint32_t>(index - attribute.values.begin());
        break;
      }
      case model::AttributeType::set: {
        const auto found = request.subject.sets.find(attribute.name);
        if (found == request.subject.sets.end()) break;
        builder.clear(attribute.name);
        model::SubjectValues::Set set;
        for (const std::string& leaf : found->second) {
          builder.add(attribute.name, leaf);
          set.push_back(node(model.vocabulary(attribute.element), leaf));
        }
        slot = std::move(set);
        break;
      }
    }
  }
  auto subject = builder.build();
  if (!subject) throw std::runtime_error("cannot rebuild the subject: " + subject.error().message);
  bound.subject = std::make_unique<Subject>(std::move(subject).value());
  bound.compiled.subject = bound.subject.get();
  return bound;
}

void sometimes_this(const model::Model& model, Random& random, PlainRequest& request) {
  for (const model::Attribute& attribute : model.attributes) {
    if (attribute.type != model::AttributeType::set || !random.chance(0.3)) continue;
    auto& set = request.subject.sets[attribute.name];
    switch (attribute.element) {
      case model::VocabularyKind::data: set.insert(request.data); break;
      case model::VocabularyKind::purpose: set.insert(request.purpose); break;
      case model::VocabularyKind::recipient:
        if (!request.recipient.empty()) set.insert(request.recipient);
        break;
      default: break;
    }
  }
}

Decision decide(const Policy& policy, const PlainRequest& request) {
  const BoundRequest bound = bind_request(policy, request);
  return policy.decide(bound.compiled);
}

std::string plain_json(const PlainRequest& request) {
  nlohmann::ordered_json out;
  out["data"] = request.data;
  out["purpose"] = request.purpose;
  if (!request.recipient.empty()) out["recipient"] = request.recipient;
  out["form"] = std::string(name_of(request.subject.form));
  nlohmann::ordered_json subject = nlohmann::ordered_json::object();
  for (const auto& [name, value] : request.subject.integers) subject[name] = value;
  for (const auto& [name, value] : request.subject.values) subject[name] = value;
  for (const auto& [name, value] : request.subject.flags) subject[name] = value;
  for (const auto& [name, value] : request.subject.sets) subject[name] = std::vector<std::string>(value.begin(), value.end());
  out["subject"] = std::move(subject);
  return out.dump();
}

// ---- described conditions ------------------------------------------------------

struct DescribedCondition::Node {
  enum class Kind { any_of, all_of, negate, flag, compare, range, is, in, has, always } kind = Kind::always;
  std::vector<std::shared_ptr<const Node>> operands;
  std::string attribute;
  std::string op;  // compare: < <= > >= = !=
  std::int64_t number = 0;
  std::int64_t high = 0;  // range: number <= x < high
  bool negated = false;   // is not
  bool truncated = false; // any_of: "... or 3 other cases", the rest not printed
  std::vector<std::string> values;  // is (one), in (several), has (the leaf)
};

namespace {

using Node = DescribedCondition::Node;
using NodePtr = std::shared_ptr<const Node>;

std::vector<std::string> tokenize(const std::string& text) {
  std::vector<std::string> tokens;
  std::string current;
  const auto flush = [&] {
    if (!current.empty()) tokens.push_back(std::move(current));
    current.clear();
  };
  for (const char c : text) {
    if (c == ' ') {
      flush();
    } else if (c == '(' || c == ')' || c == '{' || c == '}' || c == ',') {
      flush();
      tokens.emplace_back(1, c);
    } else {
      current += c;
    }
  }
  flush();
  return tokens;
}

bool is_number(const std::string& token) {
  if (token.empty()) return false;
  std::size_t i = token[0] == '-' ? 1 : 0;
  if (i == token.size()) return false;
  for (; i < token.size(); ++i) {
    if (token[i] < '0' || token[i] > '9') return false;
  }
  return true;
}

class Parser {
 public:
  Parser(std::vector<std::string> tokens, const std::string& text) : tokens_(std::move(tokens)), text_(text) {}

  NodePtr parse() {
    NodePtr node = disjunction();
    if (position_ != tokens_.size()) fail("unexpected `" + tokens_[position_] + "`");
    return node;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("cannot read the condition \"" + text_ + "\": " + what);
  }
  bool at(const std::string& token) const { return position_ < tokens_.size() && tokens_[position_] == token; }
  std::string take() {
    if (position_ == tokens_.size()) fail("unexpected end");
    return tokens_[position_++];
  }
  void expect(const std::string& token) {
    if (take() != token) fail("expected `" + token + "`");
  }
  static std::int64_t number(const std::string& token) { return std::stoll(token); }

  NodePtr disjunction() {
    auto node = std::make_shared<Node>();
    node->kind = Node::Kind::any_of;
    node->operands.push_back(conjunction());
    while (at("or")) {
      ++position_;
      // "... or 3 other cases" ("or 1 other case", "or more other cases") ends a cut-short disjunction.
      if (position_ + 2 < tokens_.size() && tokens_[position_ + 1] == "other" &&
          (tokens_[position_ + 2] == "cases" || tokens_[position_ + 2] == "case") &&
          (is_number(tokens_[position_]) || tokens_[position_] == "more")) {
        position_ += 3;
        node->truncated = true;
        truncated = true;
        break;
      }
      node->operands.push_back(conjunction());
    }
    return node->operands.size() == 1 && !node->truncated ? node->operands.front() : node;
  }

 public:
  bool truncated = false;  // some disjunction was cut short

 private:
  NodePtr conjunction() {
    auto node = std::make_shared<Node>();
    node->kind = Node::Kind::all_of;
    node->operands.push_back(unary());
    while (at("and")) {
      ++position_;
      node->operands.push_back(unary());
    }
    return node->operands.size() == 1 ? node->operands.front() : node;
  }
  NodePtr unary() {
    if (at("not")) {
      ++position_;
      auto node = std::make_shared<Node>();
      node->kind = Node::Kind::negate;
      node->operands.push_back(unary());
      return node;
    }
    if (at("(")) {
      ++position_;
      NodePtr inner = disjunction();
      expect(")");
      return inner;
    }
    return atom();
  }
  NodePtr atom() {
    auto node = std::make_shared<Node>();
    const std::string first = take();
    if (is_number(first)) {  // LOW <= name < HIGH
      node->kind = Node::Kind::range;
      node->number = number(first);
      expect("<=");
      node->attribute = take();
      expect("<");
      const std::string high = take();
      if (!is_number(high)) fail("expected a number");
      node->high = number(high);
      return node;
    }
    node->attribute = first;
    if (at("<") || at("<=") || at(">") || at(">=") || at("=") || at("!=")) {
      node->kind = Node::Kind::compare;
      node->op = take();
      const std::string n = take();
      if (!is_number(n)) fail("expected a number");
      node->number = number(n);
      return node;
    }
    if (at("is")) {
      ++position_;
      node->kind = Node::Kind::is;
      if (at("not")) {
        ++position_;
        node->negated = true;
      }
      node->values.push_back(take());
      return node;
    }
    if (at("in")) {
      ++position_;
      node->kind = Node::Kind::in;
      expect("{");
      node->values.push_back(take());
      while (at(",")) {
        ++position_;
        node->values.push_back(take());
      }
      expect("}");
      return node;
    }
    if (at("has")) {
      ++position_;
      node->kind = Node::Kind::has;
      node->values.push_back(take());
      return node;
    }
    node->kind = Node::Kind::flag;
    return node;
  }

  std::vector<std::string> tokens_;
  std::size_t position_ = 0;
  const std::string& text_;
};

const std::vector<std::string> form_names = {"identified", "pseudonymized", "aggregated", "anonymized"};

std::string current_value(const PlainRequest& request, const std::string& attribute) {
  if (attribute == "form") return std::string(name_of(request.subject.form));
  const auto found = request.subject.values.find(attribute);
  if (found == request.subject.values.end()) throw std::runtime_error("the condition names `" + attribute + "`, not an enumeration");
  return found->second;
}

std::int64_t current_integer(const PlainRequest& request, const std::string& attribute) {
  const auto found = request.subject.integers.find(attribute);
  if (found == request.subject.integers.end()) throw std::runtime_error("the condition names `" + attribute + "`, not an integer");
  return found->second;
}

bool compare(std::int64_t value, const std::string& op, std::int64_t n) {
  if (op == "<") return value < n;
  if (op == "<=") return value <= n;
  if (op == ">") return value > n;
  if (op == ">=") return value >= n;
  if (op == "=") return value == n;
  return value != n;
}

// The value of a node; unknown (empty) when it depends on alternatives that
// were cut short and not printed.
std::optional<bool> evaluate3(const model::Model& model, const Node& node, const PlainRequest& request);

bool evaluate(const model::Model& model, const Node& node, const PlainRequest& request) {
  return evaluate3(model, node, request) == true;
}

// The leaves `S has name` asks for: the leaf, or every leaf under a node
// (`consents has cookies`).
std::vector<std::string> leaves_named(const model::Model& model, const std::string& attribute, const std::string& name) {
  const auto a = model.attribute(attribute);
  if (!a || model.attributes[*a].type != model::AttributeType::set) {
    throw std::runtime_error("the condition names `" + attribute + "`, not a set");
  }
  std::vector<std::string> leaves = leaves_under(model.vocabulary(model.attributes[*a].element), name);
  if (leaves.empty()) leaves.push_back(name);  // a name this version does not declare (the diff's other version's)
  return leaves;
}

std::optional<bool> evaluate3(const model::Model& model, const Node& node, const PlainRequest& request) {
  switch (node.kind) {
    case Node::Kind::always: return true;
    case Node::Kind::any_of: {
      bool unknown = node.truncated;
      for (const NodePtr& n : node.operands) {
        const std::optional<bool> v = evaluate3(model, *n, request);
        if (v == true) return true;
        unknown = unknown || !v.has_value();
      }
      return unknown ? std::nullopt : std::optional<bool>(false);
    }
    case Node::Kind::all_of: {
      bool unknown = false;
      for (const NodePtr& n : node.operands) {
        const std::optional<bool> v = evaluate3(model, *n, request);
        if (v == false) return false;
        unknown = unknown || !v.has_value();
      }
      return unknown ? std::nullopt : std::optional<bool>(true);
    }
    case Node::Kind::negate: {
      const std::optional<bool> v = evaluate3(model, *node.operands.front(), request);
      return v ? std::optional<bool>(!*v) : std::nullopt;
    }
    case Node::Kind::flag: {
      const auto found = request.subject.flags.find(node.attribute);
      if (found == request.subject.flags.end()) throw std::runtime_error("the condition names `" + node.attribute + "`, not a flag");
      return found->second;
    }
    case Node::Kind::compare: return compare(current_integer(request, node.attribute), node.op, node.number);
    case Node::Kind::range: {
      const std::int64_t value = current_integer(request, node.attribute);
      return node.number <= value && value < node.high;
    }
    case Node::Kind::is: return (current_value(request, node.attribute) == node.values.front()) != node.negated;
    case Node::Kind::in: {
      const std::string value = current_value(request, node.attribute);
      return std::find(node.values.begin(), node.values.end(), value) != node.values.end();
    }
    case Node::Kind::has: {
      const auto found = request.subject.sets.find(node.attribute);
      if (found == request.subject.sets.end()) throw std::runtime_error("the condition names `" + node.attribute + "`, not a set");
      const std::vector<std::string> leaves = leaves_named(model, node.attribute, node.values.front());
      return std::all_of(leaves.begin(), leaves.end(), [&](const std::string& leaf) { return found->second.contains(leaf); });
    }
  }
  return false;
}

std::vector<std::string> enumeration_values(const model::Model& model, const std::string& attribute) {
  if (attribute == "form") return form_names;
  const auto a = model.attribute(attribute);
  if (!a) throw std::runtime_error("unknown attribute " + attribute);
  return model.attributes[*a].values;
}

void set_value(PlainRequest& request, const std::string& attribute, const std::string& value) {
  if (attribute == "form") {
    request.subject.form = *form_named(value);
  } else {
    request.subject.values[attribute] = value;
  }
}

// Makes `node` evaluate to `wanted` by changing what it tests.
bool satisfy(const model::Model& model, const Node& node, bool wanted, PlainRequest& request) {
  switch (node.kind) {
    case Node::Kind::always: return wanted;
    case Node::Kind::any_of:
    case Node::Kind::all_of: {
      const bool first_only = (node.kind == Node::Kind::any_of) == wanted;
      if (first_only) return satisfy(model, *node.operands.front(), wanted, request);
      for (const NodePtr& operand : node.operands) {
        if (!satisfy(model, *operand, wanted, request)) return false;
      }
      return true;
    }
    case Node::Kind::negate: return satisfy(model, *node.operands.front(), !wanted, request);
    case Node::Kind::flag: request.subject.flags[node.attribute] = wanted; return true;
    case Node::Kind::compare:
    case Node::Kind::range: {
      constexpr std::int64_t lowest = std::numeric_limits<std::int64_t>::min();
      constexpr std::int64_t highest = std::numeric_limits<std::int64_t>::max();
      std::vector<std::int64_t> candidates;
      for (const std::int64_t base : {node.number, node.kind == Node::Kind::range ? node.high : node.number}) {
        candidates.push_back(base);
        if (base != lowest) candidates.push_back(base - 1);
        if (base != highest) candidates.push_back(base + 1);
      }
      for (const std::int64_t candidate : candidates) {
        request.subject.integers[node.attribute] = candidate;
        if (evaluate(model, node, request) == wanted) return true;
      }
      return false;
    }
    case Node::Kind::is:
    case Node::Kind::in: {
      for (const std::string& value : enumeration_values(model, node.attribute)) {
        set_value(request, node.attribute, value);
        if (evaluate(model, node, request) == wanted) return true;
      }
      return false;
    }
    case Node::Kind::has:
      for (const std::string& leaf : leaves_named(model, node.attribute, node.values.front())) {
        if (wanted) {
          request.subject.sets[node.attribute].insert(leaf);
        } else {
          request.subject.sets[node.attribute].erase(leaf);
        }
      }
      return true;
  }
  return false;
}

}  // namespace

DescribedCondition::DescribedCondition(const std::string& original) {
  const std::string& text = original;
  if (text == "every subject") {
    root_ = std::make_shared<Node>();
    return;
  }
  if (text == "no subject") {
    auto never = std::make_shared<Node>();
    never->kind = Node::Kind::negate;
    never->operands.push_back(std::make_shared<Node>());
    root_ = never;
    return;
  }
  // "... or 3 other cases", "... or more other cases" (at the end, or inside
  // the parentheses after a common part): the rest is not printed.
  Parser parser(tokenize(text), original);
  root_ = parser.parse();
  truncated_ = parser.truncated;
}

std::optional<bool> DescribedCondition::holds(const model::Model& model, const PlainRequest& request) const {
  return evaluate3(model, *root_, request);
}

bool DescribedCondition::satisfy(const model::Model& model, PlainRequest& request) const {
  if (!testing::satisfy(model, *root_, true, request)) return false;
  return evaluate(model, *root_, request);
}

// ---- generated rules ---------------------------------------------------------

std::string AccessRuleText::text() const {
  std::string out = annotations + kind + " " + data;
  if (!recipients.empty()) out += " with " + recipients;
  out += " for " + purposes;
  if (!basis.empty()) out += " under " + basis;
  if (!when.empty()) out += " when " + when;
  if (!unless.empty()) out += " unless " + unless;
  if (!requiring.empty()) out += " requiring " + requiring;
  return out + ";";
}

std::optional<AccessRuleText> parse_access_rule(const std::string& text) {
  AccessRuleText rule;
  std::size_t body = text.rfind('\n');
  body = body == std::string::npos ? 0 : body + 1;
  // Annotations without a line break: up to the last `) `.
  if (body == 0) {
    const std::size_t close = text.rfind(") ");
    if (close != std::string::npos && text.starts_with("@")) body = close + 2;
  }
  rule.annotations = text.substr(0, body);
  std::string rest = text.substr(body);
  if (rest.ends_with(";")) rest.pop_back();
  for (const char* kind : {"deny share ", "deny ", "share ", "allow "}) {
    if (rest.starts_with(kind)) {
      rule.kind = std::string(kind).substr(0, std::string(kind).size() - 1);
      rest = rest.substr(std::string(kind).size());
      break;
    }
  }
  if (rule.kind.empty()) return std::nullopt;
  const auto split_off = [&rest](const std::string& keyword, std::string& into) {
    const std::size_t at = rest.find(" " + keyword + " ");
    if (at == std::string::npos) return;
    into = rest.substr(at + keyword.size() + 2);
    rest = rest.substr(0, at);
  };
  split_off("requiring", rule.requiring);
  split_off("unless", rule.unless);
  split_off("when", rule.when);
  split_off("under", rule.basis);
  split_off("for", rule.purposes);
  split_off("with", rule.recipients);
  rule.data = rest;
  return rule;
}

}  // namespace proviso::testing
