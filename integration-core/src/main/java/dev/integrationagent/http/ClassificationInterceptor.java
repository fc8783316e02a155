package dev.integrationagent.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * The innermost step that decides: a 2xx has its JSON body parsed into the call context, anything
 * else becomes an {@link HttpException}, and so does every I/O failure. Everything outside this
 * interceptor sees either a success or a categorized exception, never a raw status.
 */
final class ClassificationInterceptor implements Interceptor {
  private final ErrorClassifier classifier;
  private final ObjectMapper json;

  ClassificationInterceptor(ErrorClassifier classifier, ObjectMapper json) {
    this.classifier = classifier;
    this.json = json;
  }

  @Override
  public Response intercept(Chain chain) {
    Request request = chain.request();
    CallContext call = CallContexts.of(request);
    Response response;
    byte[] bytes;
    try {
      response = chain.proceed(request);
      try (ResponseBody body = response.body()) {
        bytes = body.bytes();
      }
    } catch (IOException e) {
      throw classifier.forIo(request, call, e);
    }
    int status = response.code();
    if (status < 200 || status >= 300) {
      throw classifier.forStatus(request, call, response, new String(bytes, StandardCharsets.UTF_8));
    }
    if (bytes.length == 0) {
      call.body = MissingNode.getInstance();
    } else {
      try {
        call.body = json.readTree(bytes);
      } catch (JsonProcessingException e) {
        throw classifier.malformed(request, call, status, new String(bytes, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw classifier.forIo(request, call, e);
      }
    }
    return response;
  }
}
