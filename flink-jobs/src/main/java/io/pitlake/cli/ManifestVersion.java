package io.pitlake.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the job jar's manifest, so {@code --version} names the build that runs. */
final class ManifestVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Pitlake.class.getPackage().getImplementationVersion();
    return new String[] {"pitlake " + (version == null ? "(development build)" : version)};
  }
}
