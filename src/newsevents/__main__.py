from newsevents.serve.cli import app

app(prog_name="newsevents")
