/**
 * Internal: how a client attaches a ring to a scheme published in another process. A scheme listens on a UNIX
 * domain socket; a client connects, names its ring file (and pool directory), and the server checks the peer's
 * credentials before mapping anything. The socket then stays open as the lifetime anchor: end of file on either
 * side means the other process is gone, and every pending operation completes with an error.
 */
package io.ringwork.internal.attach;
