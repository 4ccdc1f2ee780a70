/**
 * {@code kv:}, an example scheme written only against the public SPI ({@code io.ringwork.scheme}): a thread-safe
 * in-memory key-value store whose keys open like files. {@link io.ringwork.examples.kv.KvScheme} serves it, in
 * process ({@code runtime.mount("kv", new KvScheme())}) or published to other processes; and
 * {@link io.ringwork.examples.kv.KvClient} is a blocking get/put/delete client over any ring that reaches it.
 */
package io.ringwork.examples.kv;
