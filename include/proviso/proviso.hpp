/// @file
/// Proviso: privacy policies as code. Include this one header.
///
/// Load a policy once (load()), resolve your names to ids once
/// (Policy::data(), purpose(), recipient()), build subjects
/// (Policy::subject()), then ask Policy::decide() — no allocation, no lock,
/// no exception. See docs/embedding.md.
#pragma once

#include "proviso/decision.hpp"
#include "proviso/diagnostic.hpp"
#include "proviso/policy.hpp"
#include "proviso/result.hpp"
#include "proviso/subject.hpp"
#include "proviso/types.hpp"
