// SPDX-License-Identifier: MIT
#include "file_stream.hpp"

#include <cerrno>
#include <cstring>
#include <memory>
#include <sys/stat.h>

#include <fcntl.h>
#include <unistd.h>

#include <zlib.h>

#include <tilde/errors.hpp>

#include "fnv1a.hpp"

namespace tilde {
namespace fs = std::filesystem;

namespace {

// The kind of file a warning names, or empty for a regular file (or one not looked at).
std::string_view kind_of(fs::file_type type) {
    switch (type) {
        case fs::file_type::fifo:
            return "a named pipe";
        case fs::file_type::character:
            return "a character device";
        case fs::file_type::block:
            return "a block device";
        case fs::file_type::socket:
            return "a socket";
        case fs::file_type::directory:
            return "a folder";
        default:
            return "";
    }
}

}  // namespace

bool is_special_file(const fs::file_status& status) {
    return status.type() != fs::file_type::directory && !kind_of(status.type()).empty();
}

std::string not_a_regular_file(const fs::path& path, const fs::file_status& status) {
    const std::string_view kind = kind_of(status.type());
    return path.string() + ": not a regular file" +
           (kind.empty() ? "" : " (" + std::string(kind) + ")") + ", skipped";
}

namespace {

fs::file_type type_of(mode_t mode) {
    return S_ISFIFO(mode)   ? fs::file_type::fifo
           : S_ISCHR(mode)  ? fs::file_type::character
           : S_ISBLK(mode)  ? fs::file_type::block
           : S_ISSOCK(mode) ? fs::file_type::socket
           : S_ISDIR(mode)  ? fs::file_type::directory
                            : fs::file_type::unknown;
}

// Opened without blocking (a pipe with no writer would hold open() forever), then checked on
// the descriptor itself, so a file swapped for a pipe after the walk is caught too.
int open_regular_file(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        throw IoError("cannot open '" + path.string() + "': " + std::strerror(errno));
    }
    struct stat info {};
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        throw IoError(not_a_regular_file(path, fs::file_status(type_of(info.st_mode))));
    }
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return fd;
}

}  // namespace

uint64_t for_each_chunk(const fs::path& path, const std::function<void(std::string_view)>& on_chunk,
                        bool* ended_early) {
    const int fd = open_regular_file(path);
    gzFile gz = gzdopen(fd, "rb");
    if (gz == nullptr) {
        ::close(fd);
        throw IoError("cannot open '" + path.string() + "': " + std::strerror(errno));
    }
    std::unique_ptr<gzFile_s, decltype(&gzclose)> closer(gz, &gzclose);
    gzbuffer(gz, 1 << 17);
    Fnv1a hash;
    char chunk[1 << 16];
    int n;
    while ((n = gzread(gz, chunk, sizeof chunk)) > 0) {
        std::string_view data(chunk, static_cast<size_t>(n));
        hash.add(data);
        on_chunk(data);
    }
    int status = Z_OK;
    const char* message = gzerror(gz, &status);
    if (n < 0) {
        throw IoError("cannot read '" + path.string() + "': " + message);
    }
    if (ended_early != nullptr) {
        *ended_early = status == Z_BUF_ERROR;  // zlib's "unexpected end of file"
    }
    return hash.value();
}

uint64_t for_each_line(const fs::path& path, uint64_t max_line, const OnLine& on_line,
                       const OnLongLine& on_long_line, bool* ended_early) {
    std::string pending;
    uint64_t number = 0;
    uint64_t dropped = 0;  // bytes of the current line beyond what is kept: it is too long
    auto finish_line = [&] {
        ++number;
        if (dropped > 0) {
            on_long_line(number, pending.size() + dropped);
        } else {
            on_line(pending, number);
        }
        pending.clear();
        dropped = 0;
    };
    auto take = [&](std::string_view bytes) {
        if (dropped > 0 || pending.size() + bytes.size() > max_line) {
            dropped += bytes.size();
        } else {
            pending.append(bytes);
        }
    };
    bool cut_off = false;
    uint64_t hash = for_each_chunk(
        path,
        [&](std::string_view data) {
            size_t pos = 0;
            while (pos < data.size()) {
                size_t nl = data.find('\n', pos);
                if (nl == std::string_view::npos) {
                    take(data.substr(pos));
                    break;
                }
                take(data.substr(pos, nl - pos));
                finish_line();
                pos = nl + 1;
            }
        },
        &cut_off);
    if ((!pending.empty() || dropped > 0) && !cut_off) {
        finish_line();
    }
    if (ended_early != nullptr) {
        *ended_early = cut_off;
    }
    return hash;
}

std::string read_whole_file(const fs::path& path, uint64_t& hash, uint64_t max_bytes,
                            bool* ended_early) {
    std::error_code ec;
    const uintmax_t size = fs::file_size(path, ec);
    auto too_big = [&](uint64_t bytes) {
        return IoError(path.string() + ": " + std::to_string(bytes) + " bytes, more than the " +
                       std::to_string(max_bytes) +
                       " the memory budget allows for one document (--memory); skipped");
    };
    if (!ec && size > max_bytes) {
        throw too_big(size);
    }
    std::string out;
    hash = for_each_chunk(
        path,
        [&](std::string_view data) {
            if (out.size() + data.size() > max_bytes) {
                throw too_big(out.size() + data.size());  // a compressed file swelling
            }
            out.append(data);
        },
        ended_early);
    return out;
}

}  // namespace tilde
