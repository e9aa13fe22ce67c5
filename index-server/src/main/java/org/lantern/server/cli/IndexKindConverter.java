package org.lantern.server.cli;

import org.lantern.core.index.IndexKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Parses auto, flat, mih, bktree for picocli, with the accepted names in the error. */
public final class IndexKindConverter implements ITypeConverter<IndexKind> {
  @Override
  public IndexKind convert(String value) {
    try {
      return IndexKind.fromLabel(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
