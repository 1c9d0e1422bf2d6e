package letters

// examples is the folder of the example case files.
const examples = "../../../examples"
