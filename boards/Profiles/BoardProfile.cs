namespace Edge.Boards.Profiles;

/// <summary>
/// A kind of board, as read from <c>boards/&lt;name&gt;.json</c> by <see cref="BoardProfileLoader"/>.
/// An individual board is a profile plus a serial number (see <c>Simulated.SimulatedAnalogPath</c>).
/// </summary>
/// <param name="Name">Short identifier, e.g. "sim-digits".</param>
/// <param name="Description">One human sentence or two, with the sources of the numbers.</param>
/// <param name="Kind">Back-end that runs it.</param>
/// <param name="Inputs">The analog inputs.</param>
/// <param name="AnalogNeurons">Physical hidden units, or null when the board computes activations digitally.</param>
/// <param name="Ageing">Gain drift with use, or null for none.</param>
/// <param name="EndOfLifeOps">Operations after which the board stops answering, or null for never.</param>
/// <param name="Pins">Wiring of a real board, or null.</param>
/// <param name="SourceName">The file (or name) it was loaded from, for messages.</param>
public sealed record BoardProfile(
    string Name,
    string Description,
    BoardKind Kind,
    InputProfile Inputs,
    AnalogNeuronProfile? AnalogNeurons,
    AgeingProfile? Ageing,
    long? EndOfLifeOps,
    PinProfile? Pins,
    string SourceName);
