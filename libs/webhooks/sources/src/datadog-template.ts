/**
 * The payload to paste into a Datadog webhook (Integrations → Webhooks →
 * Payload) for Hookline. Datadog's default payload has no alert identity and no
 * transition, so an alert and its recovery could not be told apart or matched;
 * this one adds them. Datadog fills each `$VARIABLE` in as a JSON string (an
 * unavailable one as ""), so every value arrives as a string.
 *
 * - alert_transition: Triggered, Re-Triggered, Warn, Re-Warn, No Data,
 *   Re-No Data, Renotify (fired) or Recovered (resolved)
 * - alert_cycle_key: the same from trigger to recovery: the fingerprint
 *   (alert_id + alert_scope when it is empty)
 * - alert_priority P1…P5 and alert_type set the severity
 * - tags and alert_scope (`key:value`, comma-separated) become labels;
 *   the `service:` tag is the service
 * - date: epoch milliseconds
 *
 * Keys may be added (they are ignored); do not rename or remove these.
 */
export const datadogRecommendedTemplate = `{
  "alert_id": "$ALERT_ID",
  "alert_transition": "$ALERT_TRANSITION",
  "alert_cycle_key": "$ALERT_CYCLE_KEY",
  "aggreg_key": "$AGGREG_KEY",
  "alert_scope": "$ALERT_SCOPE",
  "alert_type": "$ALERT_TYPE",
  "alert_priority": "$ALERT_PRIORITY",
  "alert_status": "$ALERT_STATUS",
  "alert_metric": "$ALERT_METRIC",
  "tags": "$TAGS",
  "date": "$DATE",
  "title": "$EVENT_TITLE",
  "body": "$EVENT_MSG",
  "link": "$LINK",
  "hostname": "$HOSTNAME",
  "event_id": "$ID",
  "org": { "id": "$ORG_ID", "name": "$ORG_NAME" }
}`;
