// Whether /dev/shm can back a segment: a POSIX shared memory object is a sparse tmpfs file, so
// creating (ftruncate) a segment larger than the file system succeeds, and a process dies of SIGBUS
// later, when it touches a page the file system cannot supply (containers give /dev/shm 64 MB).
// Boost itself touches only the first and the last page when it creates a managed segment.
//
// Before Boost creates or opens a segment, SegmentSpace compares what the segment still needs (all
// of it when it is new; its size minus its allocated blocks when it exists) with what the file
// system has free (statvfs). By default it keeps a warning; with Reserve it refuses to go on, and
// after Boost has created or opened the segment it allocates every page (posix_fallocate), so
// that a shortage is an error at start-up instead of a SIGBUS in the middle of a run.
#ifndef FAIRMQ_SHMEM_JNI_SEGMENTSPACE_H
#define FAIRMQ_SHMEM_JNI_SEGMENTSPACE_H

#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/OpenMode.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace fair::mq::shmem::jni
{

class SegmentSpace
{
  public:
    /// Where glibc's shm_open keeps the objects Boost creates.
    static constexpr const char* kDirectory = "/dev/shm";

    /// Checks before Boost touches the segment `name` (`size` is used when it is created). With
    /// `reserve`, throws "[out_of_memory] reserve ..." when the space is missing.
    SegmentSpace(OpenMode mode, const std::string& name, std::size_t size, bool reserve)
        : fName(name)
        , fReserve(reserve)
    {
        struct stat existing{};
        bool exists = mode != OpenMode::CreateOnly && ::stat(Path().c_str(), &existing) == 0;
        if (!exists && mode == OpenMode::OpenOnly) {
            return;  // Boost reports the missing segment
        }
        std::uint64_t total = exists ? static_cast<std::uint64_t>(existing.st_size) : size;
        std::uint64_t backed = exists ? static_cast<std::uint64_t>(existing.st_blocks) * 512 : 0;
        std::uint64_t needed = total > backed ? total - backed : 0;
        struct statvfs fs{};
        if (needed == 0 || ::statvfs(kDirectory, &fs) != 0) {
            return;  // nothing to check, or no file system to ask: Boost goes on as it always did
        }
        std::uint64_t available = static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize;
        if (needed <= available) {
            return;
        }
        std::string shortage = "shared memory segment of " + std::to_string(total) + " bytes"
                               + (exists ? " (" + std::to_string(backed) + " of them backed)" : std::string())
                               + " needs " + std::to_string(needed) + " more bytes than " + kDirectory + " has free ("
                               + std::to_string(available) + " bytes)";
        if (fReserve) {
            throw Error(ErrorKind::OutOfMemory, "reserve", fName,
                        shortage + "; nothing was reserved. Use a smaller --shm-segment-size or a larger " + kDirectory
                            + " (docker run --shm-size, mount -o remount,size=...)");
        }
        fWarning = "\"" + fName + "\": " + shortage + ": a process touching a page beyond that dies of SIGBUS. Use a smaller --shm-segment-size"
                   + " or a larger " + kDirectory + " (docker run --shm-size, mount -o remount,size=...), or"
                   + " --shm-reserve to fail at start-up instead";
    }

    /// After Boost created or opened the segment: with reserve, allocates all `size` bytes of it.
    /// Existing contents stay as they are (posix_fallocate only fills holes).
    void ReserveIfAsked(std::size_t size) const
    {
        if (!fReserve) {
            return;
        }
        int fd = ::shm_open(("/" + fName).c_str(), O_RDWR, 0);
        if (fd < 0) {
            throw Error(ErrorKind::Other, "reserve", fName, std::strerror(errno));
        }
        int error = ::posix_fallocate(fd, 0, static_cast<off_t>(size));
        ::close(fd);
        if (error != 0) {
            throw Error(error == ENOSPC ? ErrorKind::OutOfMemory : ErrorKind::Other, "reserve", fName,
                        "cannot allocate the " + std::to_string(size) + " bytes of the segment in " + kDirectory + ": "
                            + std::strerror(error) + " (the segment stays; fairmq-shmmonitor --cleanup removes it)");
        }
    }

    /// The warning about missing space, empty if there is none (or reserve was asked).
    const std::string& Warning() const { return fWarning; }

  private:
    std::string Path() const { return std::string(kDirectory) + "/" + fName; }

    std::string fName;
    bool fReserve;
    std::string fWarning;
};

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_SEGMENTSPACE_H
