#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Drives tilde-serve's search page in headless Chromium, as a person would.

Usage: test_page.py TILDE_INDEX TILDE_SERVE CORPUS_DIR SCREENSHOT_DIR

Indexes CORPUS_DIR, starts tilde-serve on a loopback port (it stops itself after two minutes
at most), then: completion as you type (guai -> Guaidó), a search for guaido with Guaidó
highlighted, a click on a facet that narrows the results, a document opened with its passage
marked, the explanation, keyboard use, and a phone-sized window without sideways scrolling.
Screenshots land in SCREENSHOT_DIR. Exits 77 (skipped) where Chromium, its driver or
python3-selenium is missing.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    print("test_page.py: SKIPPED: needs python3-selenium (bash .ci/install-deps --tests installs it)")
    sys.exit(77)

CHROMIUM = shutil.which("chromium")
DRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def check(condition, message):
    if not condition:
        sys.exit("test_page.py: FAILED: " + message)


def start_server(serve, index):
    server = subprocess.Popen([serve, "--index", index, "--listen", "127.0.0.1:0",
                               "--stop-after", "120"], stderr=subprocess.PIPE, encoding="utf-8")
    line = server.stderr.readline()
    match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    check(match is not None, f"tilde-serve said: {line!r}")
    return server, int(match.group(1))


def main():
    index_program, serve, corpus, screenshots = sys.argv[1:5]
    if not CHROMIUM or not os.path.exists(DRIVER):
        print("test_page.py: SKIPPED: needs Debian's chromium and chromium-driver")
        sys.exit(77)
    os.makedirs(screenshots, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tilde-page-") as temp:
        index = os.path.join(temp, "venezuela.idx")
        subprocess.run([index_program, "--quiet", "--index", index, corpus], check=True)
        server, port = start_server(serve, index)
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1200,900"):
            options.add_argument(argument)
        browser = webdriver.Chrome(service=Service(DRIVER), options=options)
        try:
            run(browser, port, screenshots)
        finally:
            browser.quit()
            server.terminate()
            server.wait(timeout=30)
    print("test_page.py: all page checks passed")


def run(browser, port, screenshots):
    wait = WebDriverWait(browser, 20)
    browser.get(f"http://127.0.0.1:{port}/")
    box = browser.find_element(By.ID, "q")

    # Completion as you type, in the corpus's spelling.
    box.send_keys("guai")
    wait.until(lambda b: "Guaidó" in [li.text for li in
                                      b.find_elements(By.CSS_SELECTOR, "#completions li")])
    box.send_keys(Keys.ARROW_DOWN, Keys.ENTER)
    check(box.get_attribute("value") == "Guaidó ", f"completion gave {box.get_attribute('value')!r}")

    # A search: ranked passages with Guaidó marked, facets beside them.
    box.clear()
    box.send_keys("guaido", Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li"))
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#results mark")]
    check("Guaidó" in marks, f"no Guaidó highlighted; marks: {marks[:10]}")
    status = browser.find_element(By.ID, "status").text
    total = int(re.match(r"(\d+) passages match", status).group(1))
    check(total == 27, f"status says {status!r}")
    browser.save_screenshot(os.path.join(screenshots, "search-page.png"))

    # A facet narrows the query: August 2019 only.
    august = browser.find_element(By.CSS_SELECTOR, 'button[data-facet="month"][data-value="2019-08"]')
    expected = int(august.find_element(By.CLASS_NAME, "count").text)
    august.click()
    wait.until(lambda b: "date:2019-08..2019-08" in b.find_element(By.ID, "q").get_attribute("value")
               and b.find_element(By.ID, "status").text.startswith(f"{expected} passage"))
    dates = [meta.text for meta in browser.find_elements(By.CSS_SELECTOR, "#results .meta")]
    check(dates and all("2019-08" in date for date in dates), f"results outside August: {dates}")

    # Why result 1 ranked where it did.
    browser.find_element(By.CSS_SELECTOR, "#results li .why-toggle").click()
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li table.why"))
    check("total" in browser.find_element(By.CSS_SELECTOR, "table.why").text, "no total in why")

    # Keyboard: down to result 1, Enter opens its document, the passage marked; Esc goes back.
    browser.find_element(By.TAG_NAME, "body").click()
    browser.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    wait.until(lambda b: b.find_element(By.ID, "document").is_displayed())
    title = browser.find_element(By.ID, "document-title").text
    check(title != "", "the document has no title")
    check(browser.find_elements(By.CSS_SELECTOR, "#document p.passage.marked"), "no marked passage")
    check(browser.find_elements(By.CSS_SELECTOR, "#document mark"), "no words marked in the document")
    browser.save_screenshot(os.path.join(screenshots, "document.png"))
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait.until(lambda b: b.find_element(By.ID, "results").is_displayed())

    # "/" goes back to the search box; a bad query shows the API's error.
    browser.find_element(By.TAG_NAME, "body").send_keys("/")
    box = browser.switch_to.active_element
    check(box.get_attribute("id") == "q", "/ did not focus the search box")
    box.send_keys(Keys.DELETE, "(guaido", Keys.ENTER)
    wait.until(lambda b: "never closed" in b.find_element(By.ID, "status").text)

    # A phone-sized window: everything fits its width.
    browser.set_window_size(390, 844)
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys("golpe de estado", Keys.ENTER)
    wait.until(lambda b: b.find_elements(By.CSS_SELECTOR, "#results li"))
    width = browser.execute_script("return document.documentElement.scrollWidth")
    inner = browser.execute_script("return window.innerWidth")
    check(width <= inner, f"the page is {width} px wide in a {inner} px window")
    browser.save_screenshot(os.path.join(screenshots, "phone.png"))


if __name__ == "__main__":
    main()
