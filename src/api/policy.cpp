// Policy: name resolution (once, at start-up), deciding (the hot path is in
// eval/decide.cpp) and explaining.
#include "proviso/policy.hpp"

#include "compile/policy_data.hpp"
#include "eval/decide.hpp"
#include "support/spelling.hpp"

namespace proviso {
namespace {

// "unknown purpose `x`; did you mean `y`?", or why a declared name will not do.
Error unknown(std::string_view noun, std::string_view name, const std::vector<std::string>& candidates) {
  std::string message = "unknown " + std::string(noun) + " `" + std::string(name) + "`";
  if (const auto suggestion = support::closest_name(name, candidates)) message += "; did you mean `" + *suggestion + "`?";
  return Error{message};
}

Error not_a_leaf(std::string_view noun, const model::Vocabulary& vocabulary, model::NodeId node) {
  const model::Node& n = vocabulary.node(node);
  std::string message = "`" + n.path + "` is not a single " + std::string(noun) + " but a group; name one of ";
  const std::uint32_t shown = std::min<std::uint32_t>(n.end_leaf - n.first_leaf, 4);
  for (std::uint32_t i = 0; i < shown; ++i) {
    message += (i == 0 ? "`" : ", `") + vocabulary.node(vocabulary.leaf_node(n.first_leaf + i)).path + "`";
  }
  if (n.end_leaf - n.first_leaf > shown) message += ", ...";
  return Error{message};
}

Result<std::uint32_t> resolve_leaf(const model::Vocabulary& vocabulary, std::string_view noun, std::string_view name) {
  const auto node = vocabulary.find(name);
  if (!node) return unknown(noun, name, vocabulary.paths());
  if (!vocabulary.node(*node).is_leaf()) return not_a_leaf(noun, vocabulary, *node);
  return vocabulary.node(*node).first_leaf;
}

// Ids resolved against another policy name other leaves: they are refused.
template <typename Id>
bool foreign(const detail::PolicyData& data, const Id& id) noexcept {
  return id.policy != data.stamp;
}

}  // namespace

const std::string& Policy::name() const noexcept { return data_->model.name; }
const std::string& Policy::version() const noexcept { return data_->model.version; }
const std::string& Policy::fingerprint() const noexcept { return data_->fingerprint; }

Result<DataId> Policy::data(std::string_view name) const {
  if (const auto found = data_->data_by_name.find(std::string(name)); found != data_->data_by_name.end()) {
    return DataId{found->second, data_->stamp};
  }
  const model::Vocabulary& vocabulary = data_->model.data();
  if (const auto node = vocabulary.find(name)) return not_a_leaf("data category", vocabulary, *node);
  std::vector<std::string> candidates = vocabulary.paths();
  for (const model::Field& field : data_->model.fields) candidates.push_back(field.name);
  return unknown("data category or field", name, candidates);
}

Result<PurposeId> Policy::purpose(std::string_view name) const {
  auto leaf = resolve_leaf(data_->model.purposes(), "purpose", name);
  if (!leaf) return leaf.error();
  return PurposeId{*leaf, data_->stamp};
}

Result<RecipientId> Policy::recipient(std::string_view name) const {
  auto leaf = resolve_leaf(data_->model.recipients(), "recipient", name);
  if (!leaf) return leaf.error();
  return RecipientId{*leaf, data_->stamp};
}

Result<Form> Policy::form(std::string_view name) {
  if (const auto form = form_named(name)) return *form;
  return unknown("form", name, {"identified", "pseudonymized", "aggregated", "anonymized"});
}

SubjectBuilder Policy::subject() const { return SubjectBuilder(data_); }

Decision Policy::decide(DataId data, PurposeId purpose, const Subject& subject, Form form) const noexcept {
  if (foreign(*data_, data) || foreign(*data_, purpose)) return DecisionAccess::invalid();
  return eval::decide(*data_, data.leaf, purpose.leaf, eval::no_recipient, form, subject);
}

Decision Policy::decide(DataId data, PurposeId purpose, RecipientId recipient, const Subject& subject,
                        Form form) const noexcept {
  // An invalid recipient id here is a caller's mistake, not a processing question.
  if (!recipient.valid() || foreign(*data_, data) || foreign(*data_, purpose) || foreign(*data_, recipient)) {
    return DecisionAccess::invalid();
  }
  return eval::decide(*data_, data.leaf, purpose.leaf, recipient.leaf, form, subject);
}

Decision Policy::decide(const Request& request) const noexcept { return eval::decide(*data_, request); }

void Policy::decide(std::span<const Request> requests, std::span<Decision> decisions) const noexcept {
  const std::size_t count = std::min(requests.size(), decisions.size());
  for (std::size_t i = 0; i < count; ++i) decisions[i] = eval::decide(*data_, requests[i]);
}

const RetentionInfo* Policy::retention(DataId data, const Subject& subject, Form form) const noexcept {
  if (foreign(*data_, data)) return nullptr;
  return eval::retention(*data_, data.leaf, form, subject);
}

const std::string& Policy::name_of(DataId data) const {
  static const std::string invalid = "<invalid data>";
  if (data.leaf >= data_->data_leaves) return invalid;
  return data_->model.data().node(data_->model.data().leaf_node(data.leaf)).path;
}

const std::string& Policy::name_of(PurposeId purpose) const {
  static const std::string invalid = "<invalid purpose>";
  if (purpose.leaf >= data_->purpose_leaves) return invalid;
  return data_->model.purposes().node(data_->model.purposes().leaf_node(purpose.leaf)).path;
}

const std::string& Policy::name_of(RecipientId recipient) const {
  static const std::string invalid = "<no recipient>";
  if (recipient.leaf >= data_->recipient_leaves) return invalid;
  return data_->model.recipients().node(data_->model.recipients().leaf_node(recipient.leaf)).path;
}

bool ObligationSet::contains(std::string_view name) const noexcept {
  if (names_ == nullptr) return false;
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return ((bits_ >> i) & 1u) != 0;
  }
  return false;
}

}  // namespace proviso
