package org.fairmq.ipc;

/** The Boost.Interprocess creation tags. Values are shared with native jni/OpenMode.h. */
public enum OpenMode {
    CREATE_ONLY(0),
    OPEN_ONLY(1),
    OPEN_OR_CREATE(2);

    final int code;

    OpenMode(int code) {
        this.code = code;
    }
}
