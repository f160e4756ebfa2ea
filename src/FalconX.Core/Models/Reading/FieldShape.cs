namespace FalconX.Models;

/// <summary>The kind of a value being read, whichever source it came from (<see cref="FieldScalars.ShapeOf(object)"/>).</summary>
internal enum FieldShape
{
    Null,
    String,
    Number,
    Boolean,
    Time,
    Object,
    Array,
}
