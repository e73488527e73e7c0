package org.fairmq.ipc;

import org.fairmq.bindings.NativeError;

/**
 * Maps native errors ({@code [kind] operation "object": cause}, see jni/Error.h) onto the
 * {@link ShmException} hierarchy. Stateless and thread-safe.
 */
final class ShmErrors {
    private ShmErrors() {}

    static ShmException translate(NativeError error) {
        String text = error.getMessage() == null ? "" : error.getMessage();
        String kind = "other";
        String message = text;
        if (text.startsWith("[")) {
            int end = text.indexOf("] ");
            if (end > 0) {
                kind = text.substring(1, end);
                message = text.substring(end + 2);
            }
        }
        switch (kind) {
            case "not_found": return new ShmNotFoundException(message, error);
            case "already_exists": return new ShmAlreadyExistsException(message, error);
            case "out_of_memory": return new ShmOutOfMemoryException(message, error);
            case "timed_out": return new ShmTimeoutException(message, error);
            case "bad_handle": return new ShmBadHandleException(message, error);
            case "integrity": return new ShmIntegrityException(message, error);
            default: return new ShmException(message, error);
        }
    }
}
