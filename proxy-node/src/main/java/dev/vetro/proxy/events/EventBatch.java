package dev.vetro.proxy.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Events sent together. The batch id and the event ids are fixed when the batch is formed, so every
 * retry of it is the same request and the control plane records it once.
 */
public record EventBatch(String batchId, List<ObjectNode> events) {

  public EventBatch {
    events = List.copyOf(events);
  }

  public static EventBatch of(List<DecisionEvent> decisions) {
    String batchId = UUID.randomUUID().toString();
    List<ObjectNode> json = new ArrayList<>(decisions.size());
    for (int i = 0; i < decisions.size(); i++) {
      json.add(EventJson.toJson(decisions.get(i), batchId + ":" + i));
    }
    return new EventBatch(batchId, json);
  }

  public int size() {
    return events.size();
  }
}
