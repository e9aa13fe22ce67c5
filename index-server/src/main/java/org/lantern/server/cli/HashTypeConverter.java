package org.lantern.server.cli;

import org.lantern.core.hash.HashType;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses pdq, phash, dhash for picocli, with the accepted names in the error. */
public final class HashTypeConverter implements ITypeConverter<HashType> {
  @Override
  public HashType convert(String value) {
    try {
      return HashType.fromLabel(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
