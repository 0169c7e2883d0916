#pragma once
// Durable file writes: the one write_atomic of the tree (findings.json, reports, JUnit, packed
// bundles) and the fsync helper the bundle writer shares. POSIX only; errors are returned as text
// naming the file and the OS reason, nothing throws.
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace v6r {

enum class ParentDirs { must_exist, create };

/// Writes `content` to `path` so that a reader sees either the old file or the whole new one, also
/// after a crash or power loss: a temp file `.<name>.XXXXXX` in the same directory (mkstemp), mode
/// 0644, write, fsync, rename over `path`, fsync of the directory. On failure the temp file is
/// removed and `path` is untouched. Returns the error message, or nothing on success.
std::optional<std::string> write_atomic(const std::filesystem::path& path, std::string_view content,
                                        ParentDirs parents = ParentDirs::must_exist);

/// The same, the content written by `produce` into a stream on the temp file (nothing held whole in
/// memory); `produce` returning false (or a failed stream) removes the temp file and leaves `path` as it
/// was.
std::optional<std::string> write_atomic_stream(const std::filesystem::path& path,
                                               const std::function<bool(std::ostream&)>& produce,
                                               ParentDirs parents = ParentDirs::must_exist);

/// fsync of a file or (with `directory`) a directory, so that a rename or a new entry in it is on
/// disk. Returns the error message, or nothing on success.
std::optional<std::string> fsync_path(const std::filesystem::path& path, bool directory);

}  // namespace v6r
