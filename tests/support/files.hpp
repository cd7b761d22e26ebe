// Finding test inputs: every file with an extension under a folder, sorted so
// tests run (and report) in a stable order.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace proviso::testing {

/// Every regular file under `folder` whose name ends with `extension`, sorted.
std::vector<std::filesystem::path> files_with_extension(const std::filesystem::path& folder,
                                                        const std::string& extension);

}  // namespace proviso::testing
