package org.lantern.server.compat;

import org.lantern.server.http.ApiException;
import org.lantern.server.http.Call;
import org.lantern.server.http.MultipartForm;

/**
 * The one file of a {@code multipart/form-data} upload, with its field name: HMA names the field
 * after the content type ({@code photo}, {@code video}) and takes exactly one file per request.
 *
 * @param field the form field's name
 * @param bytes the file's content
 *     <p>Thread-safety: immutable (the array is not copied; callers do not change it).
 */
record FormFile(String field, byte[] bytes) {

  /** The request's only file part. @throws ApiException 400/413/415 as HMA refuses such uploads */
  static FormFile read(Call call) {
    String type = call.contentType();
    if (type == null || !type.equals("multipart/form-data")) {
      throw ApiException.badRequest(
          "missing_file", "body", "Missing multipart/form-data file upload (send the image in a form field named photo)");
    }
    String boundary = MultipartForm.boundary(call.contentTypeHeader());
    byte[] body = call.body(call.limits().maxImageBytes());
    FormFile found = null;
    for (MultipartForm.Part part : MultipartForm.parts(body, boundary)) {
      if (part.file()) {
        if (found != null) {
          throw ApiException.badRequest("too_many_files", "body", "Only one file allowed per request");
        }
        found = new FormFile(part.name(), part.bytes());
      }
    }
    if (found == null) {
      throw ApiException.badRequest("missing_file", "body", "Missing multipart/form-data file upload (no complete part with a filename)");
    }
    return found;
  }
}
