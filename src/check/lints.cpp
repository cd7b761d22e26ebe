#include "check/context.hpp"

namespace proviso::check {

void run_lints(Context&) {}

}  // namespace proviso::check
