/**
 * The single-producer single-consumer queues of a ring, their doorbells, and the vocabulary of shared-memory access.
 * <p>
 * <b>Access modes.</b> Every access to ring memory says which mode it uses and why, in one line at the access:
 * <ul>
 *   <li><em>plain</em> ({@code MemorySegment.get/set}): memory no other thread can be reading or writing now, such
 *   as an entry between its claim and its publication, or header fields that never change after set-up.</li>
 *   <li><em>opaque</em>: a value only its single writer changes, read by others who need some recent value but no
 *   ordering with other memory: counters.</li>
 *   <li><em>release</em> store / <em>acquire</em> load: publication. A producer writes an entry with plain stores,
 *   then stores the new tail with release; a consumer loads the tail with acquire and then reads the entry. The
 *   consumer hands a slot back by storing its head with release after reading the entry; the producer loads the head
 *   with acquire before it overwrites the slot.</li>
 *   <li><em>volatile</em> and <em>full fence</em>: only in the doorbell protocol ({@link
 *   io.ringwork.internal.ring.Doorbell}), which needs store-load order that acquire/release does not give.</li>
 * </ul>
 * <b>Pairing rule</b> (as in Agrona's {@code AtomicBuffer}): a release store pairs with an acquire load of the same
 * word, opaque with opaque, plain with plain. A release store read with a plain load is a race; an acquire load of a
 * word nobody releases is wasted work.
 * <p>
 * <b>Caching.</b> Each end keeps its own index in a Java field (it is the only writer) and caches the peer's index,
 * re-reading it from shared memory only when the cache says the queue is full (producer) or empty (consumer). Hot
 * loops copy fields to final locals named like the field.
 * <p>
 * <b>Untrusted peers.</b> An index read from the peer is checked before use: {@code tail - head} (mod 2^32) must lie
 * in {@code [0, entries]}. A violation marks the ring broken ({@code EIO}); the queue reports it with a sentinel and
 * never reads or writes outside its entries.
 * <p>
 * <b>Threads.</b> A producer end and a consumer end are each used by one thread at a time.
 */
package io.ringwork.internal.ring;
