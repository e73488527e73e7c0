// The one header the JavaCPP-generated JNI code of the v1.10 profile includes
// (java/src/main/java/org/fairmq/bindings/ShmNative110.java). A library of its own: the v1.10 types
// share names with 2017 types of another layout (v110/Common.h), so they never meet the 2017
// library's in one translation unit or one link.
#ifndef FAIRMQ_SHMEM_V110_JNI_BINDINGS_H
#define FAIRMQ_SHMEM_V110_JNI_BINDINGS_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/jni/AssertHandler.h>
#include <fairmq/shmem/v110/Common.h>
#include <fairmq/shmem/v110/jni/DataSegment.h>
#include <fairmq/shmem/v110/jni/ManagementSegment.h>
#include <fairmq/shmem/v110/jni/RefCountSegment.h>

#endif // FAIRMQ_SHMEM_V110_JNI_BINDINGS_H
