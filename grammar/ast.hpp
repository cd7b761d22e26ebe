// The abstract syntax tree: what the grammar produces and the checker reads.
//
// Plain structs. Every node that a diagnostic may point at derives from
// Located and carries its byte span in its file; the grammar's annotation
// handler (annotate.hpp) fills spans in, including for nodes held inside a
// variant, which Boost 1.74's own annotate_on_success misses. Names are not
// resolved here: a Path is just the dotted words as written.
//
// Only the light AST support headers of X3 are included (variant,
// forward_ast), not the parser library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>

namespace proviso::ast {

namespace x3 = boost::spirit::x3;

/// A byte range [begin, end) in the file a node was parsed from; end == 0 means unset.
struct Span {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

/// Base of every node that knows where it came from.
struct Located {
  Span span;
};

/// A single word: an attribute name, a basis, a unit, an enumeration value.
struct Identifier : Located {
  std::string name;
};

/// A dotted name such as `account.identity.email`, or the keyword `all`
/// (held as the single segment "all", which no declaration can use).
struct Path : Located {
  std::vector<std::string> segments;

  bool is_all() const { return segments.size() == 1 && segments.front() == "all"; }
};

/// A string literal, with escapes already decoded.
struct StringLiteral : Located {
  std::string value;
};

/// An integer literal; `overflow` is set when it does not fit in 64 bits.
struct Integer : Located {
  std::int64_t value = 0;
  bool overflow = false;
};

/// `@section("5")`, `@id("ai-training")`, `@note("...")`.
struct Annotation : Located {
  Identifier name;
  StringLiteral value;
};

// ---------------------------------------------------------------------------
// Declarations

/// `policy aiworksforus version "2025-07-23";`
struct Header : Located {
  Path name;
  boost::optional<StringLiteral> version;
};

/// `import "vocabulary.policy";`
struct Import : Located {
  StringLiteral path;
};

/// One node of a vocabulary tree: `email "email address"` or `identity { ... }`.
/// A dotted name extends a node declared elsewhere: `account.identity { ... }`.
struct VocabularyNode : Located {
  Path name;
  boost::optional<StringLiteral> description;
  std::vector<VocabularyNode> children;
};

/// `data { ... }`, `purposes { ... }`, `consents { ... }` and so on.
struct VocabularyBlock : Located {
  Identifier kind;
  std::vector<VocabularyNode> nodes;
};

/// `one of {eu, us_ca, us, other}`
struct EnumType : Located {
  std::vector<Identifier> values;
};

/// `set of consent`
struct SetType : Located {
  Identifier element;
};

/// `int`, `bool` (an Identifier), an enumeration or a set.
struct Type : x3::variant<Identifier, EnumType, SetType> {
  using base_type::base_type;
  using base_type::operator=;
};

/// `{marketing, ai.training}` as a default value of a set attribute.
struct SetLiteral : Located {
  std::vector<Path> elements;
};

/// A default value: an integer, `true`/`false` or an enumeration value, or a set.
struct DefaultValue : x3::variant<Integer, Identifier, SetLiteral> {
  using base_type::base_type;
  using base_type::operator=;
};

/// `age: int = 18;` or `restricted, dnt: bool = false;`
struct AttributeDeclaration : Located {
  std::vector<Identifier> names;
  Type type;
  boost::optional<DefaultValue> default_value;
};

/// `subject { ... }`: the attributes a request describes its person with.
struct SubjectBlock : Located {
  std::vector<AttributeDeclaration> attributes;
};

/// `field users.email: account.identity.email;`
struct FieldDeclaration : Located {
  Path field;
  Path data;
};

// ---------------------------------------------------------------------------
// Conditions

enum class CompareOp : std::uint8_t { less, less_equal, greater, greater_equal, equal, not_equal };

/// The parts of the request a condition can name with `this`.
enum class RequestPart : std::uint8_t { data, purpose, recipient };

struct Condition;

/// `restricted` (a boolean attribute on its own)
struct BoolTest : Located {
  Identifier attribute;
};

/// `age < 16`
struct CompareTest : Located {
  Identifier attribute;
  CompareOp op = CompareOp::equal;
  Integer value;
};

/// `region is eu`, `form is not identified`
struct IsTest : Located {
  Identifier attribute;
  bool negated = false;
  Identifier value;
};

/// `region in {eu, us_ca}`, `form in {aggregated, anonymized}`
struct InTest : Located {
  Identifier attribute;
  std::vector<Identifier> values;
};

/// `consents has marketing`
struct HasTest : Located {
  Identifier attribute;
  Path element;
};

/// `objections has this purpose`
struct HasRequestTest : Located {
  Identifier attribute;
  RequestPart part = RequestPart::purpose;
};

/// A test or a parenthesised condition.
struct Primary : x3::variant<BoolTest, CompareTest, IsTest, InTest, HasTest, HasRequestTest,
                             x3::forward_ast<Condition>> {
  using base_type::base_type;
  using base_type::operator=;
};

/// `not not x` is held as a count, so no input can make negation recurse.
struct Negation : Located {
  std::uint32_t negations = 0;
  Primary operand;
};

/// `a and b and c`
struct Conjunction : Located {
  std::vector<Negation> operands;
};

/// `a or b or c`: the whole of a `when` or `unless` clause.
struct Condition : Located {
  std::vector<Conjunction> alternatives;
};

// ---------------------------------------------------------------------------
// Rules

enum class Verb : std::uint8_t { allow, deny, share };

/// `account, billing except billing.history`, or `all`.
struct Selection : Located {
  std::vector<Path> included;
  std::vector<Path> excluded;
};

/// `pseudonymize`, or `notify_subject unless gag_order`, after `requiring`.
struct ObligationUse : Located {
  Path name;
  boost::optional<Condition> when;
  boost::optional<Condition> unless;
};

/// `allow`, `deny`, `share` and `deny share` rules.
struct AccessRule : Located {
  Verb verb = Verb::allow;
  bool sharing = false;  ///< `deny share`
  Selection data;
  boost::optional<Selection> recipients;
  Selection purposes;
  boost::optional<Identifier> basis;
  boost::optional<Condition> when;
  boost::optional<Condition> unless;
  std::vector<ObligationUse> obligations;
};

/// `7 years`, `1 year 6 months`
struct DurationPart : Located {
  Integer amount;
  Identifier unit;
};

struct Duration : Located {
  std::vector<DurationPart> parts;
};

enum class RetentionKind : std::uint8_t { period, until_event, indefinitely };

/// `for 90 days after account_closure`, `until account_closure`, `indefinitely`.
struct RetentionSpan : Located {
  RetentionKind kind = RetentionKind::period;
  boost::optional<Duration> period;
  boost::optional<Identifier> event;
};

/// One thing that ends a retention early: an event, or `withdrawal of marketing`.
struct RetentionEnd : Located {
  bool consent_withdrawal = false;
  Path name;
};

/// `retain marketing for 5 years after last_interaction or until withdrawal of marketing;`
struct RetainRule : Located {
  Selection data;
  RetentionSpan span;
  std::vector<RetentionEnd> ends;
  boost::optional<Identifier> then_action;
  boost::optional<Condition> when;
  boost::optional<Condition> unless;
};

/// `erase all within 30 days after erasure_request;` and `... in backups;`
struct EraseRule : Located {
  Selection data;
  Duration within;
  Identifier event;
  boost::optional<Identifier> store;
  boost::optional<Condition> when;
  boost::optional<Condition> unless;
};

// ---------------------------------------------------------------------------
// Tests written in the language

/// `age = 34`, `consents = {marketing}`, `region = eu` after `given`.
struct Assignment : Located {
  Identifier attribute;
  DefaultValue value;
};

/// `ask users.email for marketing.newsletter with partner.x as pseudonymized given age = 34;`
struct Ask : Located {
  Path data;
  Path purpose;
  boost::optional<Path> recipient;
  boost::optional<Identifier> form;
  std::vector<Assignment> given;
};

/// `expect allow under consent requiring pseudonymize retained for 3 years by "id";`
struct Expectation : Located {
  Verb verb = Verb::allow;
  boost::optional<Identifier> basis;
  boost::optional<std::vector<Path>> obligations;  ///< `requiring nothing` is an empty list
  boost::optional<RetentionSpan> retention;
  boost::optional<StringLiteral> by;
};

/// `test "marketing needs consent" { ask ...; expect ...; }`
struct TestBlock : Located {
  StringLiteral name;
  Ask ask;
  Expectation expect;
};

// ---------------------------------------------------------------------------
// Statements and files

struct StatementBody : x3::variant<Header, Import, VocabularyBlock, SubjectBlock, FieldDeclaration,
                                   AccessRule, RetainRule, EraseRule, TestBlock> {
  using base_type::base_type;
  using base_type::operator=;
};

/// A top-level statement with the annotations written before it.
struct Statement : Located {
  std::vector<Annotation> annotations;
  StatementBody body;
};

/// One parsed file: its statements in order. Comments are not in the tree;
/// the formatter reads them from the prescan.
struct File {
  std::vector<Statement> statements;
};

}  // namespace proviso::ast
