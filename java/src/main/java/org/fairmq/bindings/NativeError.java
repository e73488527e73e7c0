package org.fairmq.bindings;

/**
 * A C++ exception that crossed JNI. Its message has the form {@code [kind] operation "object":
 * cause} (native/include/fairmq/shmem/jni/Error.h); {@link org.fairmq.ipc.ShmErrors} turns it
 * into the public exception hierarchy. JavaCPP constructs it from the generated catch blocks.
 */
public final class NativeError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NativeError(String message) {
        super(message);
    }
}
