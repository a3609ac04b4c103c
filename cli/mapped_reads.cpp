// SPDX-License-Identifier: MIT
/// @file mapped_reads.cpp  Xapian's table reads served from a memory map of the file instead
/// of a pread() system call each, in the programs that search (tilde-search, tilde-serve,
/// tilde-bench; linked into them only, so an embedder's process is left as it is).
///
/// Xapian 1.4 keeps no block cache: every B-tree block a search needs is a pread() of 8 KB,
/// 150-200 of them for a keyword query, and their system calls were a quarter to a third of
/// a search's time (perf). This file defines open(), close(), dup2(), dup3() and pread(),
/// which the dynamic linker then resolves to for libxapian too. A glass table opened
/// read-only is mapped whole at open (one map per file, shared by its descriptors); a read
/// inside the map is a copy from it, anything else (a file grown since, any other file) the
/// system call as before. A shared map sees the same page cache pread() reads, so a writer's
/// changes show the same way; a file cut shorter under its map is read with pread() too (see
/// copy_guarded). TILDE_MAPPED_READS=0 in the environment turns it off (for comparisons).
#undef _FORTIFY_SOURCE  // its inline open() wrapper would clash with the definition below
#include <atomic>
#include <cerrno>
#include <csetjmp>
#include <csignal>
#include <cstdarg>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string_view>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

namespace {

// One file's map, shared by the descriptors open on it: a searcher's thread each opens the
// index, and with a map each they would fault in every page twice.
struct Mapping {
    const char* bytes;
    size_t size;
    dev_t device;
    ino_t inode;
    int users;  // descriptors reading through it; under g_registry_mutex
};

// Descriptors above this are read with pread() as before.
constexpr int kMaxMappedFd = 16384;
std::atomic<Mapping*> g_mappings[kMaxMappedFd];
std::mutex g_registry_mutex;
std::vector<Mapping*>* g_registry = nullptr;  // the maps in use; never freed (exit may race)

bool enabled() {
    static const bool on = [] {
        const char* setting = std::getenv("TILDE_MAPPED_READS");
        return setting == nullptr || std::string_view(setting) != "0";
    }();
    return on;
}

bool is_glass_table(const char* path) {
    constexpr std::string_view kSuffix = ".glass";
    return std::string_view(path).ends_with(kSuffix);
}

// Forgets `fd`'s map, if any: it is being closed or replaced. The last user unmaps it.
void forget(int fd) {
    if (fd < 0 || fd >= kMaxMappedFd) {
        return;
    }
    Mapping* mapping = g_mappings[fd].exchange(nullptr, std::memory_order_acq_rel);
    if (mapping == nullptr) {
        return;
    }
    const std::lock_guard<std::mutex> lock(g_registry_mutex);
    if (--mapping->users > 0) {
        return;
    }
    std::erase(*g_registry, mapping);
    munmap(const_cast<char*>(mapping->bytes), mapping->size);
    delete mapping;
}

// A page of a map whose file was cut shorter since (by another program, or a disk error)
// faults with SIGBUS where pread() would return less or fail. A copy from a map runs under
// this guard: the fault jumps back out of it, and the read is made with pread() instead.
// volatile: the stores around the copy must happen, though nothing in this thread reads them.
thread_local sigjmp_buf* volatile t_copy_guard = nullptr;
struct sigaction g_previous_sigbus {};

void on_sigbus(int /*signal*/, siginfo_t* /*info*/, void* /*context*/) {
    if (t_copy_guard != nullptr) {
        siglongjmp(*t_copy_guard, 1);
    }
    // Not a copy of ours: the handler before ours (or the default) takes the fault again.
    sigaction(SIGBUS, &g_previous_sigbus, nullptr);
}

void guard_copies_once() {
    static const bool installed = [] {
        struct sigaction action {};
        action.sa_sigaction = on_sigbus;
        action.sa_flags = SA_SIGINFO | SA_NODEFER;  // NODEFER: unblocked after the jump out
        sigemptyset(&action.sa_mask);
        return sigaction(SIGBUS, &action, &g_previous_sigbus) == 0;
    }();
    (void)installed;
}

// Copies `count` bytes from a map; false if its file no longer holds them.
bool copy_guarded(void* to, const char* from, size_t count) {
    sigjmp_buf guard;
    if (sigsetjmp(guard, 0) != 0) {  // 0: no signal mask saved, no system call
        t_copy_guard = nullptr;
        return false;
    }
    t_copy_guard = &guard;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    std::memcpy(to, from, count);
    std::atomic_signal_fence(std::memory_order_seq_cst);
    t_copy_guard = nullptr;
    return true;
}

// The map of the file `status` describes, at its current size: shared, or made now.
Mapping* mapping_of(int fd, const struct stat& status) {
    const auto size = static_cast<size_t>(status.st_size);
    const std::lock_guard<std::mutex> lock(g_registry_mutex);
    if (g_registry == nullptr) {
        g_registry = new std::vector<Mapping*>;
    }
    for (Mapping* mapping : *g_registry) {
        if (mapping->device == status.st_dev && mapping->inode == status.st_ino &&
            mapping->size == size) {
            ++mapping->users;
            return mapping;
        }
    }
    guard_copies_once();
    void* bytes = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
    if (bytes == MAP_FAILED) {
        return nullptr;  // read with pread() as before
    }
    // Blocks are read here and there, as pread() read them. Left to its default, a fault on a
    // page not yet in memory reads the 128 KB around it: a search on a cold index took
    // 0.17-0.19 s, against 0.06 s with pread() and 0.07-0.08 s with this advice.
    madvise(bytes, size, MADV_RANDOM);
    // A map of an older, shorter size stays with the descriptors that use it.
    auto* mapping =
        new Mapping{static_cast<const char*>(bytes), size, status.st_dev, status.st_ino, 1};
    g_registry->push_back(mapping);
    return mapping;
}

void map_if_table(int fd, const char* path, int flags) {
    if (fd < 0 || fd >= kMaxMappedFd || (flags & O_ACCMODE) != O_RDONLY || !is_glass_table(path) ||
        !enabled()) {
        return;
    }
    struct stat status {};
    if (fstat(fd, &status) != 0 || !S_ISREG(status.st_mode) || status.st_size <= 0) {
        return;
    }
    forget(fd);  // a descriptor closed behind our back, should that happen
    Mapping* mapping = mapping_of(fd, status);
    if (mapping != nullptr) {
        g_mappings[fd].store(mapping, std::memory_order_release);
    }
}

}  // namespace

// The system calls themselves, not libc's functions by dlsym(RTLD_NEXT): open() runs during
// the allocator's own start-up, before dlsym could allocate.
extern "C" {

int open(const char* path, int flags, ...) {
    mode_t mode = 0;
    if ((flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE) {
        va_list args;
        va_start(args, flags);
        mode = static_cast<mode_t>(va_arg(args, int));
        va_end(args);
    }
    const int fd = static_cast<int>(syscall(SYS_openat, AT_FDCWD, path, flags, mode));
    map_if_table(fd, path, flags);
    return fd;
}

int close(int fd) {
    forget(fd);
    return static_cast<int>(syscall(SYS_close, fd));
}

int dup3(int old_fd, int new_fd, int flags) noexcept {
    // The call closes new_fd and names old_fd's file with it. Forgotten first, so no read in
    // between uses the old map; should the call fail, new_fd is read with the system call.
    if (old_fd != new_fd) {
        forget(new_fd);
    }
    return static_cast<int>(syscall(SYS_dup3, old_fd, new_fd, flags));
}

int dup2(int old_fd, int new_fd) noexcept {
    if (old_fd == new_fd) {  // dup3 refuses this; dup2 checks old_fd and returns it
        return fcntl(old_fd, F_GETFD) < 0 ? -1 : new_fd;
    }
    return dup3(old_fd, new_fd, 0);
}

ssize_t pread(int fd, void* buffer, size_t count, off_t offset) {
    if (fd >= 0 && fd < kMaxMappedFd && offset >= 0) {
        const Mapping* mapping = g_mappings[fd].load(std::memory_order_acquire);
        if (mapping != nullptr && static_cast<size_t>(offset) <= mapping->size &&
            count <= mapping->size - static_cast<size_t>(offset) &&
            copy_guarded(buffer, mapping->bytes + offset, count)) {
            return static_cast<ssize_t>(count);
        }
    }
    return static_cast<ssize_t>(syscall(SYS_pread64, fd, buffer, count, offset));
}

ssize_t pread64(int fd, void* buffer, size_t count, off_t offset) {
    return pread(fd, buffer, count, offset);
}

}  // extern "C"
