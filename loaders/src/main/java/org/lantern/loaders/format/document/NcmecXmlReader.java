package org.lantern.loaders.format.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.lantern.loaders.format.RecordReader;
import org.lantern.loaders.format.SourceRecord;

/**
 * Streams an NCMEC hash-sharing {@code <queryResult>} document (the response of the v2 {@code
 * entries} endpoint) with StAX, one entry at a time:
 *
 * <pre>{@code <queryResult xmlns="https://hashsharing.ncmec.org/hashsharing/v2">
 *   <images count="2" maxTimestamp="...">
 *     <image><member id="42">Name</member><timestamp>...</timestamp><id>image1</id>
 *       <classification>A1</classification>
 *       <fingerprints><md5>...</md5><sha1>...</sha1><pdna>...</pdna></fingerprints>
 *       <feedback>...</feedback></image>
 *     <deletedImage><member id="43">Name</member><id>image4</id>...</deletedImage>
 *   </images>
 *   <videos>... <video> / <deletedVideo> ...</videos>
 *   <paging><next>...</next></paging>
 * </queryResult>}</pre>
 *
 * <p>Each fingerprint of an entry is one record, all with the line of the entry's start tag (where
 * the tag ends, if it spans lines: StAX reports positions after an event) and
 * the entry as {@code original}: a compact rendering (local names, no namespace declarations, no
 * white space between elements, empty elements as {@code <x/>}), clipped. What each fingerprint
 * becomes is {@link NcmecEntry}'s business. A child of {@code <images>}/{@code <videos>} that is
 * not an entry is rejected, not skipped; an entry straight under the root is read as well. Other
 * sections ({@code <paging>}, ...) carry no hashes and are passed over. Elements are matched by
 * local name, whatever the namespace.
 *
 * <p><b>Security.</b> The JDK's own StAX implementation, with DTD support and external entities
 * off and external DTD access denied; a document with a {@code <!DOCTYPE>} is refused outright,
 * so no entity can be declared, expanded or fetched (XXE, "billion laughs"). The five predefined
 * entities and numeric character references need no DTD and are replaced as usual.
 *
 * <p><b>Errors.</b> XML that stops being well-formed ends the input with an {@link IOException}
 * naming the line and column, after the records of every entry that closed before that point; so
 * does a truncated gzip stream. A root element other than {@code <queryResult>} is refused at once.
 *
 * <p>Thread-safety: not thread-safe; one thread reads.
 */
final class NcmecXmlReader implements RecordReader {
  private static final String ROOT = "queryResult";

  /** The JDK's own property (see {@code java.xml}'s module documentation); 0 means no limit. */
  private static final String TOTAL_ENTITY_SIZE_LIMIT = "jdk.xml.totalEntitySizeLimit";

  private static final XMLInputFactory FACTORY = secureFactory();

  private final String source;
  private final BufferedFirstInput input;
  private final XMLStreamReader xml;
  private final ArrayDeque<SourceRecord> pending = new ArrayDeque<>();
  private int depth; // open elements outside entries; 1 = in the root
  private String section; // local name of the open child of the root, or null
  private IOException failure;

  NcmecXmlReader(String source, InputStream content) throws IOException {
    this.source = source;
    try {
      // Bytes, not characters: the parser reads the encoding from the XML declaration or BOM.
      this.input = new BufferedFirstInput(content);
      this.xml = FACTORY.createXMLStreamReader(input);
    } catch (XMLStreamException e) {
      throw describe(e, e.getLocation());
    }
  }

  private static XMLInputFactory secureFactory() {
    // The JDK's implementation, not whatever a ServiceLoader finds: its security settings below
    // are the ones tested.
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
    // The JDK counts every entity and character reference (even "&amp;") towards a limit of 50
    // million per document, which a multi-GB feed can pass. With DTDs refused, no reference can
    // expand to more than one character, so the limit guards nothing here: lift it.
    factory.setProperty(TOTAL_ENTITY_SIZE_LIMIT, "0");
    return factory;
  }

  @Override
  public SourceRecord next() throws IOException {
    if (failure != null) {
      throw failure;
    }
    try {
      while (pending.isEmpty()) {
        if (!advance()) {
          return null;
        }
      }
      return pending.poll();
    } catch (XMLStreamException e) {
      failure = describe(e, e.getLocation() != null ? e.getLocation() : xml.getLocation());
      throw failure;
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /** Reads up to the next entry (whose records go to {@link #pending}); false at the end of the document. */
  private boolean advance() throws XMLStreamException, IOException {
    while (xml.hasNext()) {
      switch (xml.next()) {
        case XMLStreamConstants.DTD -> throw new IOException(source + ": line " + xml.getLocation().getLineNumber()
            + ": a <!DOCTYPE> is not accepted (DTDs and entity declarations are refused for safety;"
            + " NCMEC documents have none)");
        case XMLStreamConstants.START_ELEMENT -> {
          depth++;
          String name = xml.getLocalName();
          if (depth == 1 && !name.equals(ROOT)) {
            throw new IOException(source + ": line " + xml.getLocation().getLineNumber() + ": the root element is <"
                + name + ">; expected NCMEC's <" + ROOT + "> (a response of the hash-sharing entries endpoint)");
          } else if (depth == 2 && NcmecEntry.isEntry(name)) {
            // an entry straight under the root, without its <images>/<videos> section: read it too
            depth--;
            readEntryRecords(name);
            return true;
          } else if (depth == 2) {
            section = name;
          } else if (depth == 3 && isEntrySection(section)) {
            depth--; // the entry is read to its end tag here
            if (NcmecEntry.isEntry(name)) {
              readEntryRecords(name);
            } else {
              long line = xml.getLocation().getLineNumber();
              String original = readEntry(null);
              pending.add(new SourceRecord.Rejected(line, original, "unexpected <" + name + "> in <" + section
                  + ">; expected " + (section.equals("images") ? "<image> or <deletedImage>" : "<video> or <deletedVideo>")));
            }
            return true;
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          depth--;
          if (depth == 1) {
            section = null;
          }
        }
        default -> {
          // text between elements, comments, processing instructions: nothing to load
        }
      }
    }
    return false;
  }

  /** Reads the entry whose start tag is the current event and queues its records. */
  private void readEntryRecords(String name) throws XMLStreamException {
    NcmecEntry entry = new NcmecEntry(name, xml.getLocation().getLineNumber());
    String original = readEntry(entry);
    pending.addAll(entry.records(original));
  }

  private static boolean isEntrySection(String name) {
    return "images".equals(name) || "videos".equals(name);
  }

  /**
   * Reads the entry whose start tag is the current event, through its end tag, filling {@code
   * entry} (when not null); returns the compact rendering of the entry.
   */
  private String readEntry(NcmecEntry entry) throws XMLStreamException {
    Rendering rendering = new Rendering();
    rendering.start(xml);
    int level = 1; // 1 = the entry's own children are next
    String child = null; // direct child of the entry being read
    String fingerprint = null; // child of <fingerprints> being read
    StringBuilder text = new StringBuilder();
    boolean tooLong = false;
    while (level > 0) {
      int event = xml.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          rendering.start(xml);
          level++;
          if (level == 2) {
            child = xml.getLocalName();
            if (entry != null && child.equals("member")) {
              entry.memberId = xml.getAttributeValue(null, "id");
            }
          } else if (level == 3 && "fingerprints".equals(child)) {
            fingerprint = xml.getLocalName();
          }
          text.setLength(0);
          tooLong = false;
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
          rendering.text(xml);
          if (text.length() + xml.getTextLength() <= NcmecEntry.MAX_TEXT) {
            text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
          } else {
            tooLong = true;
          }
        }
        case XMLStreamConstants.END_ELEMENT -> {
          rendering.end(xml);
          if (entry != null) {
            if (level == 2) {
              keep(entry, child, text.toString());
            } else if (level == 3 && fingerprint != null) {
              entry.addFingerprint(fingerprint, text.toString(), tooLong);
              fingerprint = null;
            }
          }
          text.setLength(0);
          tooLong = false;
          level--;
        }
        default -> {
          // comments and processing instructions inside an entry carry nothing
        }
      }
    }
    return rendering.toString();
  }

  private static void keep(NcmecEntry entry, String child, String text) {
    switch (child) {
      case "id" -> entry.id = text.strip();
      case "member" -> entry.memberName = text.strip();
      case "classification" -> entry.classification = text.strip();
      case "timestamp" -> entry.timestamp = text.strip();
      default -> {
        // <fingerprints> is read through its children; <feedback> and others stay in the original
      }
    }
  }

  private IOException describe(XMLStreamException e, Location at) {
    IOException broken = ReadFailures.ofInput(source, at == null ? "an unknown line" : "line " + at.getLineNumber(), e, input);
    if (broken != null) {
      return broken;
    }
    String where = at == null ? "an unknown position" : "line " + at.getLineNumber() + ", column " + at.getColumnNumber();
    return new IOException(source + ": not well-formed XML at " + where + ": " + problem(e)
        + "; the records before this point were read", e);
  }

  /** The parser's message without the position prefix the JDK puts in front of it. */
  private static String problem(XMLStreamException e) {
    String message = String.valueOf(e.getMessage());
    int at = message.indexOf("Message: ");
    return (at >= 0 ? message.substring(at + "Message: ".length()) : message).strip();
  }

  @Override
  public void close() throws IOException {
    try {
      xml.close(); // by the StAX contract this leaves the stream open
    } catch (XMLStreamException e) {
      throw new IOException(source + ": " + e.getMessage(), e);
    } finally {
      input.close();
    }
  }

  /**
   * A compact text form of an element, for {@link SourceRecord#original()}: local names, escaped
   * text and attribute values, white space between elements left out. It stops growing past
   * {@link SourceRecord#MAX_ORIGINAL}, where it will be clipped anyway.
   */
  private static final class Rendering {
    private final StringBuilder out = new StringBuilder(512);
    private final StringBuilder text = new StringBuilder(); // text since the last tag
    private boolean startOpen; // "<name ..." written, ">" not yet

    void start(XMLStreamReader xml) {
      flushText();
      closeStart();
      if (full()) {
        return;
      }
      out.append('<').append(xml.getLocalName());
      for (int i = 0; i < xml.getAttributeCount(); i++) {
        out.append(' ').append(xml.getAttributeLocalName(i)).append("=\"");
        escape(xml.getAttributeValue(i), true);
        out.append('"');
      }
      startOpen = true;
    }

    void text(XMLStreamReader xml) {
      // Kept until the next tag: the parser splits text at entity references, so a blank piece
      // may be the space between two words, not indentation.
      if (text.length() <= SourceRecord.MAX_ORIGINAL) {
        text.append(xml.getTextCharacters(), xml.getTextStart(), xml.getTextLength());
      }
    }

    void end(XMLStreamReader xml) {
      flushText();
      if (startOpen) {
        out.append("/>");
        startOpen = false;
      } else if (!full()) {
        out.append("</").append(xml.getLocalName()).append('>');
      }
    }

    /** Writes the text since the last tag, unless it is only the white space between elements. */
    private void flushText() {
      if (!text.toString().isBlank()) {
        closeStart();
        if (!full()) {
          escape(text.toString(), false);
        }
      }
      text.setLength(0);
    }

    private void closeStart() {
      if (startOpen) {
        out.append('>');
        startOpen = false;
      }
    }

    private boolean full() {
      return out.length() > SourceRecord.MAX_ORIGINAL;
    }

    private void escape(String text, boolean attribute) {
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        switch (c) {
          case '&' -> out.append("&amp;");
          case '<' -> out.append("&lt;");
          case '>' -> out.append("&gt;");
          case '"' -> out.append(attribute ? "&quot;" : "\"");
          default -> out.append(c);
        }
      }
    }

    @Override
    public String toString() {
      return SourceRecord.clip(out.toString());
    }
  }
}
