package ai.chaukas.spec.reference.internal;

import ai.chaukas.spec.common.v1.EventType;
import ai.chaukas.spec.common.v1.TimeRange;
import ai.chaukas.spec.server.v1.GetEventStatsResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SQL that the embedded store (SQLite) and the PostgreSQL store share: the time conditions of
 * QRY-3, parameter binding, and the stats of STA-1, over a table with the columns {@code
 * tenant_id, project_id, session_id, type, ts_seconds, ts_nanos}. Written once so that both stores
 * count alike, and as {@link MemoryStore} counts.
 */
final class SqlEvents {

  private static final int SESSION_START = EventType.EVENT_TYPE_SESSION_START.getNumber();
  private static final int SESSION_END = EventType.EVENT_TYPE_SESSION_END.getNumber();

  private SqlEvents() {}

  /** QRY-3: start ≤ timestamp &lt; end, unset bounds open. */
  static void timeConditions(TimeRange time, StringBuilder sql, List<Object> args) {
    if (time.hasStart()) {
      sql.append(" AND (ts_seconds, ts_nanos) >= (?, ?)");
      args.add(time.getStart().getSeconds());
      args.add(time.getStart().getNanos());
    }
    if (time.hasEnd()) {
      sql.append(" AND (ts_seconds, ts_nanos) < (?, ?)");
      args.add(time.getEnd().getSeconds());
      args.add(time.getEnd().getNanos());
    }
  }

  /** Binds {@code args} (strings, ints and longs) to the statement's parameters, in order. */
  static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      Object arg = args.get(i);
      if (arg instanceof String s) {
        statement.setString(i + 1, s);
      } else if (arg instanceof Integer n) {
        statement.setInt(i + 1, n);
      } else {
        statement.setLong(i + 1, ((Number) arg).longValue());
      }
    }
  }

  /**
   * The stats of the rows of {@code table} that {@code where} (starting with {@code " WHERE"})
   * selects; the caller runs it in one snapshot, so that the three queries count the same events.
   */
  static GetEventStatsResponse stats(Connection connection, String table, String where,
      List<Object> args) throws SQLException {
    Map<String, Long> byType = new HashMap<>();
    long total = 0;
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT type, COUNT(*) FROM " + table + where + " GROUP BY type")) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          EventType type = EventType.forNumber(rs.getInt(1));
          // As MemoryStore counts: Event.getType() of an unknown number is UNRECOGNIZED.
          byType.merge(type == null ? EventType.UNRECOGNIZED.name() : type.name(), rs.getLong(2),
              Long::sum);
          total += rs.getLong(2);
        }
      }
    }
    long sessions;
    try (PreparedStatement s = connection.prepareStatement(
        "SELECT COUNT(DISTINCT session_id) FROM " + table + where)) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        sessions = rs.getLong(1);
      }
    }
    // Per session, the earliest SESSION_START and the latest SESSION_END; row numbers pick them
    // because (seconds, nanos) has no single-number form that cannot overflow.
    String firstAndLast =
        "WITH selected AS (SELECT session_id, type, ts_seconds, ts_nanos FROM " + table + where
            + " AND type IN (" + SESSION_START + ", " + SESSION_END + ")),"
            + " starts AS (SELECT session_id, ts_seconds, ts_nanos, ROW_NUMBER() OVER (PARTITION BY"
            + " session_id ORDER BY ts_seconds, ts_nanos) AS r FROM selected WHERE type = "
            + SESSION_START
            + "), ends AS (SELECT session_id, ts_seconds, ts_nanos, ROW_NUMBER() OVER (PARTITION BY"
            + " session_id ORDER BY ts_seconds DESC, ts_nanos DESC) AS r FROM selected WHERE type = "
            + SESSION_END + ")"
            + " SELECT starts.ts_seconds, starts.ts_nanos, ends.ts_seconds, ends.ts_nanos"
            + " FROM starts JOIN ends USING (session_id) WHERE starts.r = 1 AND ends.r = 1";
    double durationSum = 0;
    int completeSessions = 0;
    try (PreparedStatement s = connection.prepareStatement(firstAndLast)) {
      bind(s, args);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) {
          // The arithmetic of MemoryStore.millisBetween, so that both give the same figures.
          durationSum += (rs.getLong(3) - rs.getLong(1)) * 1000.0
              + (rs.getInt(4) - rs.getInt(2)) / 1_000_000.0;
          completeSessions++;
        }
      }
    }
    return GetEventStatsResponse.newBuilder()
        .setTotalEvents(total)
        .setTotalSessions(sessions)
        .putAllEventsByType(byType)
        .setAvgSessionDurationMs(completeSessions == 0 ? 0 : durationSum / completeSessions)
        .build();
  }
}
