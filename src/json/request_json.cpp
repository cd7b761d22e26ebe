#include "json/request_json.hpp"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "compile/policy_data.hpp"

namespace proviso::json {

std::optional<Error> fill_subject(SubjectBuilder& builder, const nlohmann::json& object);

namespace {

using nlohmann::ordered_json;

Result<std::string> text_field(const nlohmann::json& object, const char* name, bool required) {
  const auto found = object.find(name);
  if (found == object.end()) {
    if (required) return Error{std::string("the request has no `") + name + "`"};
    return std::string();
  }
  if (!found->is_string()) return Error{std::string("`") + name + "` must be a string"};
  return found->get<std::string>();
}

// The same request as plain values. Only called once the builder accepted
// the subject, so every name below resolves.
eval::ReferenceRequest reference_request(const Policy& policy, const Request& request, const nlohmann::json& object) {
  const model::Model& model = policy.compiled().model;
  eval::ReferenceRequest reference;
  reference.data = model.data().leaf_node(request.data.leaf);
  reference.purpose = model.purposes().leaf_node(request.purpose.leaf);
  if (request.recipient.valid()) reference.recipient = model.recipients().leaf_node(request.recipient.leaf);
  reference.form = request.form;
  reference.subject.values.resize(model.attributes.size());
  const auto found = object.find("subject");
  if (found == object.end()) return reference;
  for (const auto& [name, value] : found->items()) {
    const auto id = model.attribute(name);
    if (!id) continue;
    const model::Attribute& attribute = model.attributes[*id];
    auto& slot = reference.subject.values[*id];
    switch (attribute.type) {
      case model::AttributeType::boolean: slot = value.get<bool>(); break;
      case model::AttributeType::integer: slot = value.get<std::int64_t>(); break;
      case model::AttributeType::enumeration: {
        const auto it = std::find(attribute.values.begin(), attribute.values.end(), value.get<std::string>());
        slot = static_cast<std::uint32_t>(it - attribute.values.begin());
        break;
      }
      case model::AttributeType::set: {
        eval::SubjectValues::Set set;
        for (const auto& element : value) {
          if (const auto node = model.vocabulary(attribute.element).find(element.get<std::string>())) set.push_back(*node);
        }
        slot = std::move(set);
        break;
      }
    }
  }
  return reference;
}

}  // namespace

Result<ParsedRequest> parse_request(const Policy& policy, std::string_view text) {
  const nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (object.is_discarded()) return Error{"the request is not valid JSON"};
  if (!object.is_object()) return Error{"a request is a JSON object"};
  for (const auto& [key, value] : object.items()) {
    if (key != "data" && key != "purpose" && key != "recipient" && key != "form" && key != "subject") {
      return Error{"unknown field `" + key + "` in the request (fields: data, purpose, recipient, form, subject)"};
    }
  }
  ParsedRequest parsed;
  const auto data_name = text_field(object, "data", true);
  if (!data_name) return data_name.error();
  const auto data = policy.data(*data_name);
  if (!data) return data.error();
  parsed.request.data = *data;

  const auto purpose_name = text_field(object, "purpose", true);
  if (!purpose_name) return purpose_name.error();
  const auto purpose = policy.purpose(*purpose_name);
  if (!purpose) return purpose.error();
  parsed.request.purpose = *purpose;

  if (object.contains("recipient")) {
    const auto recipient_name = text_field(object, "recipient", true);
    if (!recipient_name) return recipient_name.error();
    const auto recipient = policy.recipient(*recipient_name);
    if (!recipient) return recipient.error();
    parsed.request.recipient = *recipient;
  }
  if (object.contains("form")) {
    const auto form_name = text_field(object, "form", true);
    if (!form_name) return form_name.error();
    const auto form = Policy::form(*form_name);
    if (!form) return form.error();
    parsed.request.form = *form;
  }
  SubjectBuilder builder = policy.subject();
  if (const auto found = object.find("subject"); found != object.end()) {
    if (const auto error = fill_subject(builder, *found)) return *error;
  }
  auto subject = builder.build();
  if (!subject) return subject.error();
  parsed.subject = std::make_unique<Subject>(std::move(subject).value());
  parsed.request.subject = parsed.subject.get();
  parsed.reference = reference_request(policy, parsed.request, object);
  return parsed;
}

namespace {

// Decisions are written directly rather than through a JSON object: this is
// the `proviso eval` stream's hot loop, and the shape is fixed.
void append_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out += hex[u >> 4];
          out += hex[u & 15];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
  out += ",\"";
  out += name;
  out += "\":";
  append_string(out, value);
}

}  // namespace

std::string decision_to_json(const Policy& policy, const Request& request, const Decision& decision) {
  std::string out;
  out.reserve(256);
  out += decision.allowed() ? "{\"decision\":\"allow\"" : "{\"decision\":\"deny\"";
  if (decision.allowed()) {
    append_field(out, "basis", name_of(*decision.basis()));
    out += ",\"obligations\":[";
    bool first = true;
    for (const std::string_view obligation : decision.obligations()) {
      if (!first) out += ',';
      append_string(out, obligation);
      first = false;
    }
    out += ']';
    if (const RetentionInfo* retention = decision.retention()) {
      out += ",\"retention\":{";
      if (retention->indefinite) {
        out += "\"indefinite\":true";
      } else {
        out += "\"period\":";
        append_string(out, retention->period);
      }
      append_field(out, "from", retention->from);
      if (!retention->until.empty()) {
        out += ",\"until\":[";
        for (std::size_t i = 0; i < retention->until.size(); ++i) {
          if (i) out += ',';
          append_string(out, retention->until[i]);
        }
        out += ']';
      }
      if (retention->then != "delete") append_field(out, "then", retention->then);
      if (request.subject != nullptr) {
        const std::vector<ErasureInfo> erasures = policy.erasures(request.data, *request.subject, request.form);
        if (!erasures.empty()) {
          out += ",\"erase\":[";
          for (std::size_t i = 0; i < erasures.size(); ++i) {
            out += i ? ",{\"within\":" : "{\"within\":";
            append_string(out, erasures[i].within);
            append_field(out, "after", erasures[i].after);
            if (!erasures[i].store.empty()) append_field(out, "in", erasures[i].store);
            out += '}';
          }
          out += ']';
        }
      }
      append_field(out, "rule", retention->rule.location);
      out += '}';
    }
  }
  if (const RuleInfo* rule = decision.rule()) {
    append_field(out, "rule", rule->location);
    if (!rule->id.empty()) append_field(out, "rule_id", rule->id);
    if (!rule->section.empty()) append_field(out, "section", rule->section);
  }
  append_field(out, "reason", policy.explain(request, decision));
  out += '}';
  return out;
}

std::string error_to_json(const std::string& message) {
  ordered_json out;
  out["error"] = message;
  return out.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

}  // namespace proviso::json
