package dev.revsync.simulators.eloqua;

/** One field as {@code GET .../fields} lists it. */
record EloquaField(
    long id,
    String name,
    String internalName,
    String dataType,
    String statement,
    String uri,
    boolean readOnly,
    boolean notNull,
    boolean unique) {}
