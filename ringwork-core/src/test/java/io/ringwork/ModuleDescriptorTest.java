package io.ringwork;

import org.junit.jupiter.api.Test;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The compiled module exports the API and nothing under {@code internal}.
 */
class ModuleDescriptorTest
{
    @Test
    void shouldExportOnlyApiPackages() throws Exception
    {
        final Path classes = Path.of(Ring.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final ModuleReference module = ModuleFinder.of(classes).find("io.ringwork").orElseThrow();
        final ModuleDescriptor descriptor = module.descriptor();
        final Set<String> exported = descriptor.exports().stream()
            .map(ModuleDescriptor.Exports::source).collect(Collectors.toSet());
        for (final String pkg : exported)
        {
            assertFalse(pkg.contains(".internal"), "internal package exported: " + pkg);
        }
        assertEquals(Set.of("io.ringwork", "io.ringwork.buffer", "io.ringwork.nio", "io.ringwork.scheme"), exported);
        assertEquals(Set.of(), descriptor.requires().stream()
            .map(ModuleDescriptor.Requires::name).filter(n -> !n.startsWith("java.") && !n.startsWith("jdk."))
            .collect(Collectors.toSet()),
            "the library has no dependencies");
    }
}
