package io.ringwork;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * POLL (one-shot and subscribed), FUTEX_WAIT and FUTEX_WAKE (on one ring and across two), user verbs and verbs
 * nobody implements.
 */
class PollFutexUserVerbsTest
{
    private static final int RW = VerbFlags.OPEN_READ | VerbFlags.OPEN_WRITE;

    @Test
    void shouldPollReadyHandlesAtOnce()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:p", RW | VerbFlags.OPEN_CREATE);
            f.sqe().prepPoll(h, VerbFlags.POLL_READ | VerbFlags.POLL_WRITE);
            assertEquals(VerbFlags.POLL_READ | VerbFlags.POLL_WRITE, f.one().result());
            final long n = f.open("null:", VerbFlags.OPEN_READ);
            f.sqe().prepPoll(n, VerbFlags.POLL_READ);
            assertEquals(VerbFlags.POLL_READ, f.one().result());
            f.sqe().prepPoll(n, VerbFlags.POLL_ERROR);
            assertEquals(Errno.EINVAL, f.errno(), "ERROR is reported, never asked for");
            f.sqe().prepPoll(99, VerbFlags.POLL_READ);
            assertEquals(Errno.EBADF, f.errno());
        }
    }

    @Test
    void shouldSendAnEventPerWriteToASubscribedPoll()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final long h = f.open("mem:events", RW | VerbFlags.OPEN_CREATE);
            f.sqe().prepPoll(h, VerbFlags.POLL_READ).flags(Sqe.SUBSCRIBE).userData(50);
            final Completion armed = f.one();
            assertEquals(new Completion(50, VerbFlags.POLL_READ, 0, Opcode.POLL.code(), Cqe.MORE, 0), armed);
            final long w = f.open("mem:events", VerbFlags.OPEN_WRITE);
            f.sqe().prepWrite(w, f.text("x"), 1, -1).userData(51);
            final Map<Long, Completion> afterWrite = f.submitAndWait(2).stream()
                .collect(Collectors.toMap(Completion::userData, c -> c));
            assertEquals(Cqe.MORE, afterWrite.get(50L).flags());
            f.sqe().prepCancel(50, 0).userData(52);
            final Map<Long, Completion> ended = f.submitAndWait(2).stream()
                .collect(Collectors.toMap(Completion::userData, c -> c));
            assertEquals(Cqe.LAST_UPDATE, ended.get(50L).flags());
            assertEquals(Errno.ECANCELED, ended.get(50L).errno());
            f.sqe().prepWrite(w, f.text("y"), 1, -1).userData(53);
            assertEquals(53, f.one().userData(), "no event after the subscription ended");
        }
    }

    @Test
    void shouldWaitAndWakeOnAPoolWordOnOneRingAndAcrossRings()
    {
        try (RuntimeFixture f = new RuntimeFixture();
             Ring other = f.runtime.open())
        {
            final long word = f.buffer(64);
            final MemorySegment w = f.pool.slice(word, 4);
            f.sqe().prepFutexWait(word, 1).userData(1);
            assertEquals(Errno.EAGAIN, f.errno(), "the word holds 0, not 1");
            f.sqe().prepFutexWait(word, 0).userData(2);
            f.sqe().prepNop().userData(20);
            assertEquals(20, f.submitAndWait(1).get(0).userData(), "the wait is parked before a later NOP completes");
            w.set(JAVA_INT, 0, 1);
            f.sqe().prepFutexWake(word, 10).userData(3);
            final Map<Long, Completion> done = f.submitAndWait(2).stream()
                .collect(Collectors.toMap(Completion::userData, c -> c));
            assertEquals(Errno.EOK, done.get(2L).errno());
            assertEquals(1, done.get(3L).result());

            f.sqe().prepFutexWait(word, 1).userData(4);
            f.sqe().prepNop().userData(21);
            assertEquals(21, f.submitAndWait(1).get(0).userData());
            other.getSqe().prepFutexWake(word, 1).userData(5);
            assertEquals(1, other.enter(Integer.MAX_VALUE, 1, RuntimeFixture.WAIT_NANOS));
            assertEquals(1, other.peekCqe().result(), "woken from the other ring");
            other.advanceCq(1);
            assertEquals(new Completion(4, 0, 0, Opcode.FUTEX_WAIT.code(), 0, 0), f.await(1).get(0));

            f.sqe().prepFutexWake(word, 1);
            assertEquals(0, f.one().result(), "nobody waits");
            f.sqe().prepFutexWait(word + 2, 0);
            assertEquals(Errno.EINVAL, f.errno(), "unaligned");
            f.sqe().prepFutexWait(0x7777L << 48 | 64, 0);
            assertEquals(Errno.EFAULT, f.errno());
            f.sqe().prepFutexWait(word, 1).timeoutNanos(5_000_000L);
            assertEquals(Errno.ETIMEDOUT, f.errno());
        }
    }

    @Test
    void shouldPassUserVerbsToTheSchemeAndAnswerEnosysOtherwise()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            final GateScheme gate = new GateScheme();
            f.runtime.mount("gate", gate);
            assertEquals(List.of("file", "gate", "mem", "null", "zero"), f.runtime.schemes());
            final long h = f.open("gate:anything", RW);
            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.INLINE, 77, 0, 0);
            assertEquals(77, f.one().result());
            f.sqe().prepUser(GateScheme.VERB, h, GateScheme.THROW, 0, 0, 0);
            assertEquals(Errno.EIO, f.errno(), "a scheme that throws fails the request, not the dispatcher");
            final long n = f.open("null:", RW);
            f.sqe().prepUser(Opcode.USER_MIN, n, 0, 0, 0, 0);
            assertEquals(Errno.ENOSYS, f.errno(), "null: has no verbs of its own");
            f.sqe().prepUser(Opcode.USER_MIN, 1234, 0, 0, 0, 0);
            assertEquals(Errno.EBADF, f.errno());
            f.sqe().prep(60, 0, 0, 0, 0, 0);
            assertEquals(Errno.ENOSYS, f.errno(), "an unknown verb");
            f.sqe().prepNop().flags(1 << 5);
            assertEquals(Errno.EINVAL, f.errno(), "a reserved flag bit");
            f.sqe().prepNop().registerSpecs(1 << 20);
            assertEquals(Errno.EINVAL, f.errno(), "a reserved specifier bit");
            f.sqe().prepClose(h);
            assertEquals(Errno.EOK, f.errno());
            assertEquals(1, gate.closed.get());
            f.runtime.unmount("gate");
            f.sqe().prepOpen(f.text("gate:x"), 6, VerbFlags.OPEN_READ, 0);
            assertEquals(Errno.ENOENT, f.errno());
        }
    }

    @Test
    void shouldCompleteAnErrorWithoutANumberAsEioAndKeepServing()
    {
        try (RuntimeFixture f = new RuntimeFixture())
        {
            f.runtime.mount("odd", (request, path, flags, mode) -> request.fail(Errno.EUNKNOWN));
            f.sqe().prepOpen(f.text("odd:x"), 5, VerbFlags.OPEN_READ, 0);
            assertEquals(Errno.EIO, f.errno(), "a code from a newer kernel still fails the request");
            f.sqe().prepNop();
            assertEquals(Errno.EOK, f.errno(), "and the dispatcher goes on");
        }
    }
}
