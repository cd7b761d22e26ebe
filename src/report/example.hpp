// A concrete request context — a subject's attribute values and the form of
// the data — that satisfies a boolean function of the subject encoding. The
// reports use it to show "for example: age 18, consents {marketing}"; the
// report tests use it to put each region of the matrix to Policy::decide.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/bdd.hpp"
#include "analysis/encoding.hpp"
#include "model/model.hpp"

namespace proviso::report {

/// One attribute's value.
struct ExampleValue {
  std::string attribute;
  model::AttributeType type = model::AttributeType::boolean;
  std::int64_t integer = 0;           ///< integers
  bool flag = false;                  ///< booleans
  std::string value;                  ///< enumerations
  std::vector<std::string> elements;  ///< sets: the leaves it holds
};

/// A subject (every attribute of the model, by name) and a form.
struct ExampleSubject {
  Form form = Form::identified;
  std::vector<ExampleValue> values;
};

/// A subject and form for which `f` holds, preferring each attribute's
/// default (and the identified form) wherever `f` leaves it free; none when
/// `f` holds for no real subject.
std::optional<ExampleSubject> example_subject(analysis::Encoding& encoding, const model::Model& model,
                                              analysis::Bdd::Ref f);

/// "age = 18, region = eu, consents = {marketing}; form identified".
std::string example_text(const ExampleSubject& example);

}  // namespace proviso::report
