// The Boost version this native code was compiled against (PROTOCOL.md 11.1: peers must share it).
#ifndef FAIRMQ_SHMEM_JNI_VERSION_H
#define FAIRMQ_SHMEM_JNI_VERSION_H

#include <boost/version.hpp>

#include <string>

namespace fair::mq::shmem::jni
{

inline std::string BoostVersion()
{
    return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) + "."
           + std::to_string(BOOST_VERSION % 100);
}

} // namespace fair::mq::shmem::jni

#endif // FAIRMQ_SHMEM_JNI_VERSION_H
