package ai.chaukas.spec.testing.internal;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Timestamp;
import com.google.protobuf.Value;

/** Shorthands for the well-known types that events carry: {@code Value}, {@code Struct}, {@code Timestamp}. */
public final class Values {

  private Values() {}

  public static Value str(String s) {
    return Value.newBuilder().setStringValue(s).build();
  }

  public static Value num(double d) {
    return Value.newBuilder().setNumberValue(d).build();
  }

  public static Value bool(boolean b) {
    return Value.newBuilder().setBoolValue(b).build();
  }

  public static Value nul() {
    return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
  }

  public static Value list(Value... values) {
    ListValue.Builder b = ListValue.newBuilder();
    for (Value v : values) {
      b.addValues(v);
    }
    return Value.newBuilder().setListValue(b).build();
  }

  public static Value obj(Struct s) {
    return Value.newBuilder().setStructValue(s).build();
  }

  public static Timestamp ts(long seconds, int nanos) {
    return Timestamp.newBuilder().setSeconds(seconds).setNanos(nanos).build();
  }
}
