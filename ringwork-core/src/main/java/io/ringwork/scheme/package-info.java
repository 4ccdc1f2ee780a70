/**
 * The scheme SPI: how a named service plugs into the Ringwork runtime. A {@link io.ringwork.scheme.Scheme} opens
 * paths ({@code kv:users/42}) into {@link io.ringwork.scheme.SchemeHandle}s; the runtime owns the handle numbers,
 * positions, chains, registers, timeouts and cancellation, and hands each operation to the handle as a
 * {@link io.ringwork.scheme.Request}.
 * <p>
 * <b>Threads.</b> The runtime calls a scheme on the dispatcher thread of the ring the operation came from; a scheme
 * must not block it. A quick operation (memory, a cached answer) completes its request inside the call; a slow one
 * hands the request to another thread and completes it there (Redox's {@code AsyncScheme}: one interface, the
 * scheme decides). Several rings may call one scheme at once, from their own dispatcher threads.
 * <p>
 * <b>Requests.</b> A request is completed exactly once, with {@link io.ringwork.scheme.Request#complete(long)}, one
 * of its typed variants, or {@link io.ringwork.scheme.Request#fail}. A scheme that completes later, from another
 * thread, calls {@link io.ringwork.scheme.Request#begin()} first, when it is about to start the work: until then the
 * request may be cancelled or time out, after that it may not ({@code CANCEL} answers {@code EALREADY}). When
 * {@code begin()} returns false the request was cancelled and the scheme drops it without completing it. Work that
 * can be stopped after {@code begin()} (a kernel io_uring op) is stopped through
 * {@link io.ringwork.scheme.SchemeHandle#cancel} ({@link io.ringwork.scheme.Scheme#cancel} for an OPEN): the runtime
 * calls it once, on the dispatcher thread, for a begun request it cancels or times out; a scheme that returns true
 * still completes the request exactly once, with the reason if the work stopped, and {@code CANCEL} counts it as
 * cancelled.
 * <p>
 * <b>No allocation per operation.</b> The runtime reuses its request objects; {@link io.ringwork.scheme.Request#attach}
 * keeps a scheme's per-operation state with one for the next operation to reuse, and
 * {@link io.ringwork.scheme.Request#bufferAddress} gives a buffer's address without creating a segment.
 * <p>
 * <b>Blocking code.</b> A {@link io.ringwork.scheme.BlockingScheme} is written as plain blocking calls, one request in
 * and one result out; each call runs on a worker thread ({@link io.ringwork.scheme.BlockingScheme#onWorkers}).
 * <p>
 * <b>Other processes.</b> The same SPI serves rings of other JVMs: {@link io.ringwork.SchemeServer} publishes a scheme
 * and {@link io.ringwork.scheme.Request#peer()} names the client process.
 * <p>
 * <b>Buffers.</b> The runtime resolves the pool references of the built-in verbs into bounds-checked
 * {@link java.lang.foreign.MemorySegment}s, guarded against {@code free} until the request completes; a scheme's own
 * verbs resolve theirs with {@link io.ringwork.scheme.Request#slice}. A scheme must not keep a segment after it
 * completes the request.
 */
package io.ringwork.scheme;
