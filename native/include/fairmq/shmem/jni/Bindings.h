// The one header the JavaCPP-generated JNI code includes (java/src/main/java/org/fairmq/bindings/ShmNative.java).
#ifndef FAIRMQ_SHMEM_JNI_BINDINGS_H
#define FAIRMQ_SHMEM_JNI_BINDINGS_H

#include <fairmq/shmem/jni/LockTimeout.h> // first: it configures Boost.Interprocess

#include <fairmq/shmem/Common.h>
#include <fairmq/shmem/Names.h>
#include <fairmq/shmem/jni/AssertHandler.h>
#include <fairmq/shmem/jni/ConnectionWatch.h>
#include <fairmq/shmem/jni/Error.h>
#include <fairmq/shmem/jni/ManagedSegment.h>
#include <fairmq/shmem/jni/MessageQueue.h>
#include <fairmq/shmem/jni/MetaHeaderReceiver.h>
#include <fairmq/shmem/jni/NamedMutex.h>
#include <fairmq/shmem/jni/SharedRegion.h>
#include <fairmq/shmem/jni/ThreadSignal.h>
#include <fairmq/shmem/jni/Version.h>
#include <fairmq/shmem/jni/Zmq.h>
#include <fairmq/shmem/jni/ZmqFrame.h>
#include <fairmq/shmem/jni/ZmqRelease.h>

#endif // FAIRMQ_SHMEM_JNI_BINDINGS_H
