#!/usr/bin/env python3
"""Draws an AWS Chatbot custom notification roughly as Slack shows it, for the README's picture of an alert.

    python3 tools/chat-preview.py system-tests/target/alerts/<file>.json > /tmp/alert.html
    chromium --headless --no-sandbox --screenshot=docs/images/alert-in-slack.png --window-size=900,700 file:///tmp/alert.html

Slack's mrkdwn as the notification uses it: *bold*, line breaks, next steps as a list, URLs as links
(https://docs.slack.dev/messaging/formatting-message-text/). The alerts write Unicode emoji and plain URLs, which
Teams shows the same way. This is a picture for people, not a test.
"""
import html
import json
import re
import sys


def mrkdwn(text):
    out = html.escape(html.unescape(text))
    out = re.sub(r"\*([^*\n]+)\*", r"<b>\1</b>", out)
    out = re.sub(r"(https://[^\s<]+)", r'<a href="\1">\1</a>', out)
    return out.replace("\n", "<br>")


def main(path):
    content = json.load(open(path))["content"]
    steps = "".join(
        "<li>" + mrkdwn(s) + "</li>"
        for s in content.get("nextSteps", []))
    keywords = "".join(f'<span class="kw">{html.escape(k)}</span>' for k in content.get("keywords", []))
    print(f"""<!DOCTYPE html><html><head><meta charset="utf-8"><style>
body{{font-family:Lato,Segoe UI,system-ui,sans-serif;font-size:15px;color:#1d1c1d;margin:0;padding:16px;background:#fff}}
.msg{{display:flex;gap:10px;max-width:860px}}.avatar{{width:36px;height:36px;border-radius:6px;background:#ff9900;
flex:none;color:#fff;font-weight:bold;text-align:center;line-height:36px}}.name{{font-weight:900}}.app{{font-size:10px;
background:#ddd;border-radius:3px;padding:1px 3px;margin-left:4px;color:#555}}.time{{color:#616061;font-size:12px;
margin-left:6px}}.card{{border-left:4px solid #ddd;padding:2px 0 2px 12px;margin-top:4px}}.title{{font-weight:900;
margin-bottom:6px}}ul{{margin:6px 0;padding-left:20px}}li{{margin:3px 0}}code{{font-family:Monaco,Menlo,monospace;
font-size:12px;background:#f8f8f8;border:1px solid #e8e8e8;border-radius:3px;padding:1px 3px;color:#c01343;
word-break:break-all}}a{{color:#1264a3;text-decoration:none;word-break:break-all}}.kw{{display:inline-block;
background:#f0f0f0;border-radius:10px;padding:0 8px;margin:4px 4px 0 0;font-size:12px}}
</style></head><body><div class="msg"><div class="avatar">Q</div><div><span class="name">Amazon Q</span><span
class="app">APP</span><span class="time">9:41 AM</span><div class="card"><div class="title">{mrkdwn(content["title"])}</div>
<div>{mrkdwn(content.get("description", ""))}</div><ul>{steps}</ul>{keywords}</div></div></div></body></html>""")


if __name__ == "__main__":
    main(sys.argv[1])
