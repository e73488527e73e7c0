// How an object is opened: the three Boost.Interprocess creation tags as a plain int for Java.
#ifndef FAIRMQ_SHMEM_JNI_OPENMODE_H
#define FAIRMQ_SHMEM_JNI_OPENMODE_H

#include <fairmq/shmem/jni/Error.h>

#include <string>

namespace fair::mq::shmem::jni
{

/// Values shared with OpenMode.java.
enum class OpenMode : int
{
    CreateOnly = 0,
    OpenOnly = 1,
    OpenOrCreate = 2,
};

inline OpenMode ToOpenMode(int mode, const std::string& object)
{
    if (mode < 0 || mode > 2) {
        throw Error(ErrorKind::Other, "open", object, "invalid open mode " + std::to_string(mode));
    }
    return static_cast<OpenMode>(mode);
}

inline const char* ToString(OpenMode mode)
{
    switch (mode) {
        case OpenMode::CreateOnly: return "create_only";
        case OpenMode::OpenOnly: return "open_only";
        case OpenMode::OpenOrCreate: break;
    }
    return "open_or_create";
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_OPENMODE_H
