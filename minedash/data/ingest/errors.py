class SourceError(Exception):
    """A source file is missing, truncated, malformed or re-shaped. The message names the file."""

    def __init__(self, path, problem: str):
        self.path = str(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")
