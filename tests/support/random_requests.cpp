#include "tests/support/random_requests.hpp"

#include <nlohmann/json.hpp>

#include "compile/policy_data.hpp"

namespace proviso::testing {
namespace {

std::int64_t random_integer(Random& random, const std::vector<std::int64_t>& interesting) {
  switch (random.below(6)) {
    case 0: return static_cast<std::int64_t>(random.below(120)) - 10;
    case 1: return random.chance(0.5) ? INT64_MIN : INT64_MAX;
    default: {
      if (interesting.empty()) return static_cast<std::int64_t>(random.below(100));
      const std::int64_t base = interesting[static_cast<std::size_t>(random.below(interesting.size()))];
      const std::int64_t shift = static_cast<std::int64_t>(random.below(3)) - 1;
      if ((shift > 0 && base == INT64_MAX) || (shift < 0 && base == INT64_MIN)) return base;
      return base + shift;
    }
  }
}

}  // namespace

DualRequest random_request(const Policy& policy, Random& random) {
  const detail::PolicyData& data = policy.compiled();
  const model::Model& model = data.model;
  DualRequest request;
  const auto data_leaf = static_cast<std::uint32_t>(random.below(data.data_leaves));
  const auto purpose_leaf = static_cast<std::uint32_t>(random.below(data.purpose_leaves));
  request.reference.data = model.data().leaf_node(data_leaf);
  request.reference.purpose = model.purposes().leaf_node(purpose_leaf);
  request.compiled.data = DataId{data_leaf, data.stamp};
  request.compiled.purpose = PurposeId{purpose_leaf, data.stamp};
  if (data.recipient_leaves > 0 && random.chance(0.5)) {
    const auto recipient_leaf = static_cast<std::uint32_t>(random.below(data.recipient_leaves));
    request.reference.recipient = model.recipients().leaf_node(recipient_leaf);
    request.compiled.recipient = RecipientId{recipient_leaf, data.stamp};
  }
  const Form form = all_forms[static_cast<std::size_t>(random.below(all_forms.size()))];
  request.reference.form = form;
  request.compiled.form = form;

  SubjectBuilder builder = policy.subject();
  request.reference.subject.values.resize(model.attributes.size());
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const model::Attribute& attribute = model.attributes[a];
    if (attribute.has_default && random.chance(0.25)) continue;  // leave it to the default
    auto& slot = request.reference.subject.values[a];
    switch (attribute.type) {
      case model::AttributeType::boolean: {
        const bool value = random.chance(0.5);
        slot = value;
        builder.flag(attribute.name, value);
        break;
      }
      case model::AttributeType::integer: {
        const std::int64_t value = random_integer(random, data.layout.attributes[a].cuts);
        slot = value;
        builder.integer(attribute.name, value);
        break;
      }
      case model::AttributeType::enumeration: {
        const auto value = static_cast<std::uint32_t>(random.below(attribute.values.size()));
        slot = value;
        builder.value(attribute.name, attribute.values[value]);
        break;
      }
      case model::AttributeType::set: {
        const model::Vocabulary& vocabulary = model.vocabulary(attribute.element);
        eval::SubjectValues::Set set;
        builder.clear(attribute.name);
        const std::uint64_t count = random.below(4);
        for (std::uint64_t i = 0; i < count && !vocabulary.nodes().empty(); ++i) {
          // Prefer the request's own leaves sometimes, so `has this ...` is exercised.
          model::NodeId node = static_cast<model::NodeId>(random.below(vocabulary.nodes().size()));
          if (random.chance(0.3)) {
            if (attribute.element == model::VocabularyKind::purpose) node = request.reference.purpose;
            if (attribute.element == model::VocabularyKind::data) node = request.reference.data;
            if (attribute.element == model::VocabularyKind::recipient && request.reference.recipient != model::no_node) {
              node = request.reference.recipient;
            }
          }
          set.push_back(node);
          builder.add(attribute.name, vocabulary.node(node).path);
        }
        slot = std::move(set);
        break;
      }
    }
  }
  auto subject = builder.build();
  if (!subject) throw std::runtime_error("random subject rejected: " + subject.error().message);
  request.subject = std::move(subject).value();
  request.bind();
  return request;
}

std::string request_json(const Policy& policy, const DualRequest& request) {
  const model::Model& model = policy.compiled().model;
  nlohmann::ordered_json out;
  out["data"] = model.data().node(request.reference.data).path;
  out["purpose"] = model.purposes().node(request.reference.purpose).path;
  if (request.reference.recipient != model::no_node) {
    out["recipient"] = model.recipients().node(request.reference.recipient).path;
  }
  out["form"] = std::string(name_of(request.reference.form));
  nlohmann::ordered_json subject = nlohmann::ordered_json::object();
  for (model::AttributeId a = 0; a < model.attributes.size(); ++a) {
    const auto& slot = request.reference.subject.values[a];
    if (!slot) continue;
    const model::Attribute& attribute = model.attributes[a];
    if (const auto* b = std::get_if<bool>(&*slot)) subject[attribute.name] = *b;
    if (const auto* i = std::get_if<std::int64_t>(&*slot)) subject[attribute.name] = *i;
    if (const auto* e = std::get_if<std::uint32_t>(&*slot)) subject[attribute.name] = attribute.values[*e];
    if (const auto* set = std::get_if<eval::SubjectValues::Set>(&*slot)) {
      nlohmann::ordered_json names = nlohmann::ordered_json::array();
      for (const model::NodeId node : *set) names.push_back(model.vocabulary(attribute.element).node(node).path);
      subject[attribute.name] = std::move(names);
    }
  }
  out["subject"] = std::move(subject);
  return out.dump();
}

}  // namespace proviso::testing
