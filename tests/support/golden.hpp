// Golden-file comparison for tests: the expected text lives in a file beside
// the input. Run a test with PROVISO_UPDATE_GOLDEN=1 to (re)write the files,
// then review the diff before committing it.
#pragma once

#include <filesystem>
#include <string>

namespace proviso::testing {

/// The project's source folder (where tests/ and policies/ are).
std::filesystem::path source_dir();

/// Reads a whole file; throws std::runtime_error when it cannot.
std::string read_file(const std::filesystem::path& path);

/// Writes a whole file.
void write_file(const std::filesystem::path& path, const std::string& text);

/// Compares `actual` with the golden file. Returns an empty string when they
/// agree (or the golden file was updated), otherwise a readable difference.
std::string compare_golden(const std::filesystem::path& golden, const std::string& actual);

}  // namespace proviso::testing
