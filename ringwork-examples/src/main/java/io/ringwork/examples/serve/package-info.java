/**
 * Sample: a scheme served from the reactor's own thread, which forwards each request to {@code file:} through that
 * same reactor: one thread is the whole event loop of a process that both uses and serves schemes.
 */
package io.ringwork.examples.serve;
