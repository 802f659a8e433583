package dev.derive.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest, so it is written in one place: the pom. */
final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Version.class.getPackage().getImplementationVersion();
        return new String[] {"derive " + (version != null ? version : "(development build)")};
    }
}
