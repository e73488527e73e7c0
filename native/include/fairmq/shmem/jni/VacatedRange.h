// What a closed mapping leaves behind in this process until no Java buffer can reach it any more:
// the same address range, now mapped to an empty file.
//
// A direct ByteBuffer of a mapping carries only an address, so after the mapping is closed a late
// access through a buffer that is still reachable must neither reach the shared memory, nor fault
// in a way that kills the JVM, nor land in whatever is mapped at that address next. VacateRange
// replaces the pages in place (one mmap with MAP_FIXED, so the range is never unmapped in
// between) by a MAP_SHARED mapping of an empty memfd: every access to it raises SIGBUS, which
// HotSpot turns into an exception of the accessing thread for Unsafe accesses, as for a truncated
// mapped file (java.nio.MappedByteBuffer). The shared memory object and its pages are not touched.
// The range stays reserved until the owner of the original mapping unmaps it (the Boost object's
// destructor unmaps what is at its address, which is then the placeholder).
#ifndef FAIRMQ_SHMEM_JNI_VACATEDRANGE_H
#define FAIRMQ_SHMEM_JNI_VACATEDRANGE_H

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>

namespace fair::mq::shmem::jni
{

/// The empty file behind every vacated range of this process: created once, never grown.
class EmptyFile
{
  public:
    static const EmptyFile& Instance()
    {
        static const EmptyFile file; // thread-safe initialisation
        return file;
    }

    int Descriptor() const { return fDescriptor; }
    int CreationError() const { return fCreationError; }

    EmptyFile(const EmptyFile&) = delete;
    EmptyFile& operator=(const EmptyFile&) = delete;
    ~EmptyFile()
    {
        if (fDescriptor >= 0) {
            ::close(fDescriptor);
        }
    }

  private:
    EmptyFile()
        : fDescriptor(::memfd_create("fairmq-vacated-mapping", MFD_CLOEXEC))
        , fCreationError(fDescriptor < 0 ? errno : 0)
    {}

    int fDescriptor;
    int fCreationError;
};

/// Replaces the pages covering [address, address + size) by the empty-file placeholder, in place.
/// Returns 0, or the errno of the failure (the original mapping is then unchanged).
inline int VacateRange(std::intptr_t address, std::size_t size) noexcept
{
    const EmptyFile& file = EmptyFile::Instance();
    if (file.Descriptor() < 0) {
        return file.CreationError();
    }
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = static_cast<std::uintptr_t>(address) & ~(page - 1);
    const auto end = (static_cast<std::uintptr_t>(address) + size + page - 1) & ~(page - 1);
    void* placed = ::mmap(reinterpret_cast<void*>(begin), end - begin, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_FIXED, file.Descriptor(), 0);
    return placed == MAP_FAILED ? errno : 0;
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_VACATEDRANGE_H
