// Errors that cross into Java: every C++ exception becomes one std::runtime_error whose what() is
// "[<kind>] <operation> \"<object>\": <cause>". JavaCPP turns it into a Java exception carrying that
// text, and the Java side maps <kind> onto its exception hierarchy (ShmErrors.java).
#ifndef FAIRMQ_SHMEM_JNI_ERROR_H
#define FAIRMQ_SHMEM_JNI_ERROR_H

#include <fairmq/shmem/jni/LockTimeout.h>

#include <boost/interprocess/exceptions.hpp>

#include <stdexcept>
#include <string>

namespace fair::mq::shmem::jni
{

/// The kinds the Java side distinguishes. Keep in sync with ShmErrorKind.java.
enum class ErrorKind
{
    NotFound,
    AlreadyExists,
    OutOfMemory,
    TimedOut,
    BadHandle,
    Integrity,  ///< Boost found the allocator inconsistent (an assertion): the segment is not used any more
    Other,
};

inline const char* ToString(ErrorKind kind)
{
    switch (kind) {
        case ErrorKind::NotFound: return "not_found";
        case ErrorKind::AlreadyExists: return "already_exists";
        case ErrorKind::OutOfMemory: return "out_of_memory";
        case ErrorKind::TimedOut: return "timed_out";
        case ErrorKind::BadHandle: return "bad_handle";
        case ErrorKind::Integrity: return "integrity";
        case ErrorKind::Other: break;
    }
    return "other";
}

/// An error already described in the "[kind] operation "object": cause" form.
class Error : public std::runtime_error
{
  public:
    Error(ErrorKind kind, const std::string& operation, const std::string& object, const std::string& cause)
        : std::runtime_error(std::string("[") + ToString(kind) + "] " + operation + " \"" + object + "\": " + cause)
        , fKind(kind)
    {}

    ErrorKind Kind() const { return fKind; }

  private:
    ErrorKind fKind;
};

inline ErrorKind KindOf(const boost::interprocess::interprocess_exception& e)
{
    namespace bipc = boost::interprocess;
    switch (e.get_error_code()) {
        case bipc::not_found_error: return ErrorKind::NotFound;
        case bipc::already_exists_error: return ErrorKind::AlreadyExists;
        case bipc::out_of_memory_error: return ErrorKind::OutOfMemory;
        case bipc::timeout_when_locking_error:
        case bipc::timeout_when_waiting_error: return ErrorKind::TimedOut;
        default: return ErrorKind::Other;
    }
}

/// Call from a catch(...) block: rethrows the active exception as an Error naming the operation and
/// the object. Errors raised by our own checks pass through unchanged.
[[noreturn]] inline void RethrowAs(const std::string& operation, const std::string& object)
{
    namespace bipc = boost::interprocess;
    try {
        throw;
    } catch (const Error&) {
        throw;
    } catch (const bipc::bad_alloc& e) {
        throw Error(ErrorKind::OutOfMemory, operation, object, e.what());
    } catch (const bipc::interprocess_exception& e) {
        if (e.get_error_code() == bipc::timeout_when_locking_error) {
            throw Error(ErrorKind::TimedOut, operation, object, LockTimeoutCause());
        }
        throw Error(KindOf(e), operation, object, e.what());
    } catch (const std::bad_alloc& e) {
        throw Error(ErrorKind::OutOfMemory, operation, object, e.what());
    } catch (const std::exception& e) {
        throw Error(ErrorKind::Other, operation, object, e.what());
    } catch (...) {
        throw Error(ErrorKind::Other, operation, object, "unknown C++ exception");
    }
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_ERROR_H
