/**
 * jcstress tests of the ring's memory ordering, run against the library's real classes on the class path.
 * <p>
 * Each test is tiny: two actors on one fresh ring (and an arbiter where the outcome is only known after both), an
 * outcome for every result the protocol allows, described in prose, and every other result forbidden. The suite
 * runs with {@link io.ringwork.stress.StressRunner}, which fails the build if any test fails, errors or does not
 * run. See {@code ringwork-stress/README.md} for what each test proves and how to run the short and full modes.
 */
package io.ringwork.stress;
