// SPDX-License-Identifier: MIT
/// @file index_layout.cpp  Generations, the stub that names the current one, and the lock.
#include "index_layout.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/file.h>

#include <fcntl.h>
#include <unistd.h>

#include <tilde/errors.hpp>

#include "shard_stub.hpp"
#include "trim.hpp"

namespace tilde {
namespace fs = std::filesystem;
namespace {

std::string read_small_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// The generation a stub names: its one non-comment line, "auto gen-...".
std::optional<std::string> generation_name(std::string_view stub_text) {
    std::optional<std::string> name;
    std::istringstream lines{std::string(stub_text)};
    for (std::string raw; std::getline(lines, raw);) {
        std::string_view line = trim_spaces(raw);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (name || !line.starts_with("auto ")) {
            return std::nullopt;
        }
        std::string_view folder = trim_spaces(line.substr(5));
        if (!folder.starts_with(kGenerationPrefix) || folder.find('/') != std::string_view::npos) {
            return std::nullopt;
        }
        name = std::string(folder);
    }
    return name;
}

void sync_path(const fs::path& path, int flags) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) {
        throw IoError("cannot sync '" + path.string() + "': " + std::strerror(errno));
    }
    const int status = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (status != 0) {
        throw IoError("cannot sync '" + path.string() + "': " + std::strerror(error));
    }
}

}  // namespace

bool is_generation_stub(std::string_view stub_text) {
    return generation_name(stub_text).has_value();
}

std::optional<fs::path> current_generation(const fs::path& dir) {
    std::error_code ec;
    const fs::path stub = dir / kShardStubName;
    if (!fs::is_regular_file(stub, ec) || fs::file_size(stub, ec) > 4096) {
        return std::nullopt;
    }
    std::optional<std::string> name = generation_name(read_small_file(stub));
    if (!name) {
        return std::nullopt;
    }
    return dir / *name;
}

FolderKind classify_folder(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        return FolderKind::Missing;
    }
    if (!fs::is_directory(path, ec)) {
        return FolderKind::Other;
    }
    if (fs::is_empty(path, ec)) {
        return FolderKind::Empty;
    }
    if (current_generation(path)) {
        return FolderKind::Index;
    }
    if (fs::is_regular_file(path / kShardStubName, ec)) {
        return FolderKind::Sharded;
    }
    if (fs::is_regular_file(path / "iamglass", ec)) {
        return FolderKind::OldLayout;
    }
    // Only what a writer leaves before its first generation is published.
    for (const fs::directory_entry& entry : fs::directory_iterator(path, ec)) {
        const std::string name = entry.path().filename().string();
        if (name != kLockFile && name != kRunFolder && !name.starts_with(kGenerationPrefix)) {
            return FolderKind::Other;
        }
    }
    return FolderKind::Empty;
}

fs::path next_generation(const fs::path& dir) {
    unsigned long newest = 0;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(kGenerationPrefix)) {
            newest = std::max(newest,
                              std::strtoul(name.c_str() + kGenerationPrefix.size(), nullptr, 10));
        }
    }
    char name[32];
    std::snprintf(name, sizeof name, "%s%06lu", std::string(kGenerationPrefix).c_str(), newest + 1);
    return dir / name;
}

void publish_generation(const fs::path& dir, const fs::path& generation) {
    sync_tree(generation);
    const fs::path stub = dir / kShardStubName;
    fs::path partial = stub;
    partial += ".partial";
    {
        std::ofstream out(partial, std::ios::trunc | std::ios::binary);
        out << "# The current generation of this tilde index (tilde-index replaces this line).\n"
            << "auto " << generation.filename().string() << '\n';
        out.flush();
        if (!out) {
            throw IoError("cannot write '" + partial.string() + "'");
        }
    }
    sync_path(partial, O_RDONLY);
    std::error_code ec;
    fs::rename(partial, stub, ec);
    if (ec) {
        throw IoError("cannot write '" + stub.string() + "': " + ec.message());
    }
    sync_path(dir, O_RDONLY | O_DIRECTORY);
}

void sync_tree(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        sync_path(path, O_RDONLY);
        return;
    }
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec)) {
            sync_path(entry.path(), O_RDONLY);
        } else if (entry.is_directory(ec)) {
            sync_path(entry.path(), O_RDONLY | O_DIRECTORY);
        }
    }
    sync_path(path, O_RDONLY | O_DIRECTORY);
}

std::uint64_t tree_bytes(const fs::path& path) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
        const std::uintmax_t size = fs::file_size(path, ec);
        return ec ? 0 : size;
    }
    std::uint64_t total = 0;
    for (const fs::directory_entry& entry : fs::recursive_directory_iterator(path, ec)) {
        if (entry.is_regular_file(ec)) {
            const std::uintmax_t size = entry.file_size(ec);
            total += ec ? 0 : size;
        }
    }
    return total;
}

WriterLock::WriterLock(const fs::path& file, const std::string& index) {
    fd_ = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        throw IoError("cannot open index '" + index + "' for writing: cannot create '" +
                      file.string() + "': " + std::strerror(errno));
    }
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        const std::string text = read_small_file(file);
        const std::string holder(trim_spaces(text));
        ::close(fd_);
        fd_ = -1;
        if (error != EWOULDBLOCK) {
            throw IoError("cannot lock index '" + index + "': " + std::strerror(error));
        }
        throw IoError("cannot open index '" + index +
                      "' for writing: index is locked by another tilde-index" +
                      (holder.empty() ? "" : " (pid " + holder + ")"));
    }
    const std::string pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
        // The lock holds without the pid; a second writer's message just names no pid.
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) {
        ::close(fd_);  // releases the flock; the file stays, empty locks are harmless
    }
}

}  // namespace tilde
