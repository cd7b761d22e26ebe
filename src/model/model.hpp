// The checked Model: what the checker proves and every later stage consumes
// (compiler, reference interpreter, analyses, reports).
//
// "Parse, don't validate": everything here is resolved and type-correct.
// Names are ids into vocabulary trees, conditions are typed tests, rules
// know their source location. Nothing downstream re-checks what is here.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "proviso/types.hpp"
#include "source/source_manager.hpp"

namespace proviso::model {

// ---------------------------------------------------------------------------
// Vocabularies

/// The kinds of vocabulary tree a policy declares.
enum class VocabularyKind : std::uint8_t { data, purpose, recipient, consent, obligation, event };
inline constexpr std::size_t vocabulary_kind_count = 6;

/// "data", "purpose", "recipient", "consent", "obligation", "event".
std::string_view singular_name(VocabularyKind kind) noexcept;

/// The block keyword: "data", "purposes", "recipients", "consents", "obligations", "events".
std::string_view block_name(VocabularyKind kind) noexcept;

using NodeId = std::uint32_t;
inline constexpr NodeId no_node = UINT32_MAX;

/// One node of a vocabulary tree. Nodes are numbered in preorder, so a
/// node's leaves are the contiguous range [first_leaf, end_leaf).
struct Node {
  std::string path;         ///< the full dotted name
  std::string description;  ///< as declared, possibly empty
  NodeId parent = no_node;
  std::uint32_t depth = 0;  ///< 0 for a top-level node
  std::uint32_t first_leaf = 0;
  std::uint32_t end_leaf = 0;
  NodeId end_node = 0;  ///< one past the last node of this subtree, in preorder
  std::vector<NodeId> children;
  source::Location location;  ///< where it was declared
  bool builtin = false;       ///< provided by the language (the event `collection`)

  bool is_leaf() const noexcept { return children.empty(); }
};

/// One vocabulary tree.
class Vocabulary {
 public:
  Vocabulary() = default;
  explicit Vocabulary(VocabularyKind kind) : kind_(kind) {}

  VocabularyKind kind() const noexcept { return kind_; }
  const std::vector<Node>& nodes() const noexcept { return nodes_; }
  const Node& node(NodeId id) const { return nodes_[id]; }
  std::size_t leaf_count() const noexcept { return leaves_.size(); }
  /// The node of the leaf with this leaf index.
  NodeId leaf_node(std::uint32_t leaf) const { return leaves_[leaf]; }
  /// The node with this full path, if declared.
  std::optional<NodeId> find(std::string_view path) const;
  /// True when `ancestor` is `node` or above it.
  bool covers(NodeId ancestor, NodeId node) const noexcept {
    return node >= ancestor && node < nodes_[ancestor].end_node;
  }
  /// Every full path, for "did you mean".
  std::vector<std::string> paths() const;

  /// Builds the tree. `nodes` must be in preorder with parents set.
  void assign(std::vector<Node> nodes);

 private:
  VocabularyKind kind_ = VocabularyKind::data;
  std::vector<Node> nodes_;
  std::vector<NodeId> leaves_;
  std::unordered_map<std::string, NodeId> by_path_;
};

// ---------------------------------------------------------------------------
// The subject

enum class AttributeType : std::uint8_t { boolean, integer, enumeration, set };

using AttributeId = std::uint32_t;

/// One attribute of the subject (the request context).
struct Attribute {
  std::string name;
  AttributeType type = AttributeType::boolean;
  std::vector<std::string> values;                 ///< enumeration values, in declared order
  VocabularyKind element = VocabularyKind::consent;  ///< what a set holds
  /// The default a request gets when it leaves the attribute out. Booleans
  /// default to false and sets to empty; an integer or enumeration with no
  /// declared default is required, and a request without it is invalid.
  bool has_default = false;
  std::int64_t default_integer = 0;
  bool default_boolean = false;
  std::uint32_t default_value = 0;    ///< enumeration value index
  std::vector<NodeId> default_set;    ///< set elements
  source::Location location;
};

// ---------------------------------------------------------------------------
// Conditions

enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };

/// The parts of a request a `has this ...` test can name.
enum class RequestPart : std::uint8_t { data, purpose, recipient };

/// One atomic test on the subject or the request.
struct Test {
  enum class Kind : std::uint8_t {
    boolean,          ///< `restricted`
    compare,          ///< `age < 16`
    enum_in,          ///< `region is eu`, `region in {eu, us}`: value index in `mask`
    form_in,          ///< `form is anonymized`: Form bits in `mask`
    set_has,          ///< `consents has marketing`: every leaf of `node` is in the set
    set_has_request,  ///< `objections has this purpose`: the request's leaf is in the set
  };
  Kind kind = Kind::boolean;
  AttributeId attribute = 0;  ///< unused for form_in
  CompareOp op = CompareOp::equal;
  std::int64_t value = 0;
  std::uint64_t mask = 0;
  NodeId node = no_node;
  RequestPart part = RequestPart::purpose;
  source::Location location;
};

/// A condition: a tree of and / or / not over tests.
struct Expr {
  enum class Op : std::uint8_t { test, all_of, any_of, negate };
  Op op = Op::test;
  Test test;                   ///< when op == test
  std::vector<Expr> operands;  ///< all_of / any_of: any number; negate: one
  source::Location location;
};

/// `when W unless U`: holds when W holds (or is absent) and U does not.
struct Guard {
  std::optional<Expr> when;
  std::optional<Expr> unless;

  bool always() const noexcept { return !when && !unless; }
};

// ---------------------------------------------------------------------------
// Rules

/// A resolved list of names: `account, billing except billing.history`.
struct Selection {
  bool all = false;               ///< `all` was included
  std::vector<NodeId> included;   ///< when not all
  std::vector<NodeId> excluded;

  /// True when the selection covers `node`.
  bool covers(const Vocabulary& vocabulary, NodeId node) const;
  /// How specifically the selection names `node`: 0 for `all`, else 1 + the
  /// depth of the deepest included node above it. Only meaningful when covered.
  std::uint32_t specificity(const Vocabulary& vocabulary, NodeId node) const;
};

/// Traceability of a rule: its annotations and where it is written.
struct Provenance {
  std::string id;       ///< `@id`, stable for audit logs; may be empty
  std::string section;  ///< `@section`, the legal text it encodes; may be empty
  std::string note;     ///< `@note`
  source::Location location;  ///< the whole statement
};

/// An obligation attached to an allow, with its own condition.
struct ObligationUse {
  NodeId obligation = no_node;
  Guard guard;
  source::Location location;
};

using RuleIndex = std::uint32_t;

/// An allow, deny, share or `deny share` rule.
struct Rule {
  RuleIndex index = 0;  ///< position in Model::rules
  Effect effect = Effect::allow;
  bool sharing = false;  ///< `share` / `deny share`: applies to sharing questions only
  Selection data;
  Selection purposes;
  Selection recipients;  ///< sharing rules only
  std::optional<Basis> basis;  ///< allows only, always set there
  Guard guard;
  std::vector<ObligationUse> obligations;
  Provenance provenance;
};

/// What happens to data when its retention ends.
enum class EndAction : std::uint8_t { delete_data, anonymize, aggregate, pseudonymize };
std::string_view name_of(EndAction action) noexcept;

enum class RetentionKind : std::uint8_t { period, until_event, indefinitely };

/// One thing that ends a retention early.
struct RetentionEnd {
  bool consent_withdrawal = false;
  NodeId node = no_node;  ///< an event, or the consent whose withdrawal ends it
};

/// A `retain` rule.
struct Retention {
  std::uint32_t index = 0;
  Selection data;
  RetentionKind kind = RetentionKind::period;
  std::string period;       ///< ISO 8601, e.g. "P7Y", "P1Y6M"; "P0D" for `until`
  std::string period_text;  ///< as written, e.g. "7 years"
  NodeId event = no_node;   ///< the event it runs from (`collection` by default)
  std::vector<RetentionEnd> ends;
  EndAction then = EndAction::delete_data;
  Guard guard;
  Provenance provenance;
};

/// An `erase` rule: how soon data must be gone after an event.
struct Erasure {
  std::uint32_t index = 0;
  Selection data;
  std::string within;       ///< ISO 8601
  std::string within_text;  ///< as written
  NodeId event = no_node;
  std::string store;  ///< empty for live systems, else e.g. "backups"
  Guard guard;
  Provenance provenance;
};

/// `field users.email: account.identity.email;`
struct Field {
  std::string name;
  NodeId data = no_node;  ///< always a leaf
  source::Location location;
};

/// A subject as plain values, one per attribute; an empty slot takes the default.
struct SubjectValues {
  using Set = std::vector<NodeId>;
  using Value = std::variant<std::int64_t, bool, std::uint32_t /* enumeration value index */, Set>;
  std::vector<std::optional<Value>> values;
};

/// What a test expects of the retention: `retained for 7 years after account_closure`.
struct ExpectedRetention {
  RetentionKind kind = RetentionKind::period;
  std::string period;       ///< ISO 8601 ("P0D" for `until`), empty for indefinitely
  std::string period_text;  ///< as written
  NodeId event = no_node;   ///< the event it runs from (`collection` when not written)
};

/// A test written in the language: a request and the decision it must get.
struct TestCase {
  std::string name;
  Provenance provenance;  ///< `@section` etc.; location: the whole test
  NodeId data = no_node;       ///< a data leaf
  NodeId purpose = no_node;    ///< a purpose leaf
  NodeId recipient = no_node;  ///< a recipient leaf, or no_node for a processing question
  Form form = Form::identified;
  SubjectValues subject;
  Effect effect = Effect::deny;
  std::optional<Basis> basis;                      ///< checked when stated
  std::optional<std::vector<NodeId>> obligations;  ///< obligation leaves; checked when stated
  std::optional<ExpectedRetention> retention;      ///< checked when stated
  std::string by;                                  ///< the deciding rule's @id; checked when stated
  source::Location expectation;                    ///< the `expect` clause
};

/// A checked policy.
struct Model {
  std::string name;     ///< from `policy NAME`, else the entry file's stem
  std::string version;  ///< from `version "..."`, may be empty
  std::array<Vocabulary, vocabulary_kind_count> vocabularies{
      Vocabulary(VocabularyKind::data),       Vocabulary(VocabularyKind::purpose),
      Vocabulary(VocabularyKind::recipient),  Vocabulary(VocabularyKind::consent),
      Vocabulary(VocabularyKind::obligation), Vocabulary(VocabularyKind::event)};
  std::vector<Attribute> attributes;
  std::vector<Field> fields;
  std::vector<Rule> rules;
  std::vector<Retention> retentions;
  std::vector<Erasure> erasures;
  std::vector<TestCase> tests;
  std::shared_ptr<const source::SourceManager> sources;

  const Vocabulary& vocabulary(VocabularyKind kind) const {
    return vocabularies[static_cast<std::size_t>(kind)];
  }
  const Vocabulary& data() const { return vocabulary(VocabularyKind::data); }
  const Vocabulary& purposes() const { return vocabulary(VocabularyKind::purpose); }
  const Vocabulary& recipients() const { return vocabulary(VocabularyKind::recipient); }
  const Vocabulary& consents() const { return vocabulary(VocabularyKind::consent); }
  const Vocabulary& obligations() const { return vocabulary(VocabularyKind::obligation); }
  const Vocabulary& events() const { return vocabulary(VocabularyKind::event); }

  /// The attribute with this name, if declared.
  std::optional<AttributeId> attribute(std::string_view name) const;
  /// The field with this name, if declared.
  const Field* field(std::string_view name) const;
};

}  // namespace proviso::model
