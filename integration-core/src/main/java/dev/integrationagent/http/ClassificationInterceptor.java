package dev.integrationagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The innermost step that decides: a 2xx has its JSON body parsed into the call context, anything
 * else becomes an {@link HttpException}, and so does every I/O failure. Everything outside this
 * interceptor sees either a success or a categorized exception, never a raw status.
 *
 * <p>A body cut off in transit is a network failure (TRANSIENT), whether the read fails (the
 * connection closed before the Content-Length, the last chunk or the end of the HTTP/2 stream
 * arrived) or, where nothing marks the body's end (HTTP/1 ended by closing the connection), its
 * JSON stops mid-document. A body that arrived whole and is not JSON is PERMANENT: asking again
 * gets the same answer.
 */
final class ClassificationInterceptor implements Interceptor {
  private final ErrorClassifier classifier;
  private final ObjectMapper json;
  private final boolean graphQl;

  ClassificationInterceptor(ErrorClassifier classifier, ObjectMapper json) {
    this(classifier, json, false);
  }

  /** With {@code graphQl}, GraphQL errors decide: in a refusal first, and a 2xx carrying them fails. */
  ClassificationInterceptor(ErrorClassifier classifier, ObjectMapper json, boolean graphQl) {
    this.classifier = classifier;
    this.json = json;
    this.graphQl = graphQl;
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    CallContext call = CallContexts.of(request);
    call.remember = null;
    Response response;
    try {
      response = chain.proceed(request);
    } catch (IOException e) {
      throw classifier.forIo(request, call, e);
    }
    int status = response.code();
    ByteArrayOutputStream received = new ByteArrayOutputStream();
    try (ResponseBody body = response.body(); InputStream in = body.byteStream()) {
      in.transferTo(received);
    } catch (IOException e) {
      throw classifier.bodyCutOff(request, call, status, received.size(), e);
    }
    byte[] bytes = received.toByteArray();
    if (status < 200 || status >= 300) {
      throw classifier.forStatus(request, call, response, new String(bytes, StandardCharsets.UTF_8), graphQl);
    }
    if (bytes.length == 0) {
      call.body = MissingNode.getInstance();
    } else {
      try {
        call.body = json.readTree(bytes);
        if (graphQl && call.body != null && GraphQlErrors.present(call.body)) {
          throw classifier.forGraphQlErrors(request, call, response, call.body);
        }
        if (call.remember != null) {
          call.remember.run();
        }
      } catch (JsonProcessingException e) {
        // where nothing marked the body's end, a JSON document that breaks off (at the end of a
        // token, or inside a character's UTF-8 bytes) was cut off in transit; a body that does not
        // begin like JSON at all is what the tool sent
        if (!endIsMarked(response) && (e instanceof JsonEOFException || beginsLikeJson(bytes))) {
          throw classifier.bodyCutOff(request, call, status, bytes.length, e);
        }
        throw classifier.malformed(request, call, status, new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw classifier.forIo(request, call, e);
      }
    }
    return response;
  }

  private static boolean beginsLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return b == '{' || b == '[';
      }
    }
    return false;
  }

  /**
   * Whether the protocol marked where the body ends, so that a body read to its end without an
   * I/O error is all the tool sent: a Content-Length, chunked framing, or an HTTP/2 stream (each
   * fails the read when cut short). Without any of them, an HTTP/1 body ends where the connection
   * closes, and a body cut off in transit reads like a short one. The headers are the wire's,
   * before OkHttp's transparent gzip decoding drops the Content-Length.
   */
  private static boolean endIsMarked(Response response) {
    Response wire = response.networkResponse() != null ? response.networkResponse() : response;
    Protocol protocol = wire.protocol();
    return wire.header("Content-Length") != null
        || "chunked".equalsIgnoreCase(wire.header("Transfer-Encoding"))
        || (protocol != Protocol.HTTP_1_0 && protocol != Protocol.HTTP_1_1);
  }
}
